import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { defaultNodePort, loadConfig, NodeEnv } from '@cix/config';
import { createNationalNode } from './bootstrap.js';

const config = loadConfig(NodeEnv, process.env);
const app = await createNationalNode(config);
const port = config.PORT ?? defaultNodePort(config.AGENCY);
await app.listen(port, config.HOST);
new Logger('Main').log(`national node ${config.AGENCY} listening on http://${config.HOST}:${port}`);
