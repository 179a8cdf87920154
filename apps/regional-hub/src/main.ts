import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { HubEnv, loadConfig } from '@cix/config';
import { createRegionalHub } from './bootstrap.js';

const config = loadConfig(HubEnv, process.env);
const app = await createRegionalHub(config);
await app.listen(config.PORT, config.HOST);
new Logger('Main').log(`regional hub listening on http://${config.HOST}:${config.PORT}`);
