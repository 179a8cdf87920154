export function composeNatsConfig(): string;
