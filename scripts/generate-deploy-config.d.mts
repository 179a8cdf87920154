export function composeNatsConfig(opts?: { tls?: { certFile: string; keyFile: string; caFile: string; verify?: boolean }; cluster?: boolean }): string;
