// class-transformer ships no typings for its storage module; only what validation-schema.ts reads.
declare module 'class-transformer/cjs/storage.js' {
  export const defaultMetadataStorage: { findTypeMetadata(target: Function, propertyName: string): { typeFunction: () => Function } | undefined };
}
