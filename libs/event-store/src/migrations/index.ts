import { CreateEventStore1732780000000 } from './1732780000000-create-event-store.js';

export const EVENT_STORE_MIGRATIONS = [CreateEventStore1732780000000];
