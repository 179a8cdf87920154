import { CreateEventStore1732780000000 } from './1732780000000-create-event-store.js';
import { AddPersonalData1764500000000 } from './1764500000000-add-personal-data.js';

export const EVENT_STORE_MIGRATIONS = [CreateEventStore1732780000000, AddPersonalData1764500000000];
