// class-transformer ships no typings for its storage module; only what validation-schema.ts reads.
declare module 'class-transformer/cjs/storage.js' {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- the library's own typing: targets and types are any class
  export const defaultMetadataStorage: { findTypeMetadata(target: Function, propertyName: string): { typeFunction: () => Function } | undefined };
}
