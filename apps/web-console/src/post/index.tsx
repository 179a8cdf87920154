/** The officer's posting screens (task `post`): new report, my agency's alerts, one alert to manage. */
import { startOutbox } from './outbox';

export { forgetDeliveredWork, waitingCount } from './outbox';
export { clearDraft, ownerOf } from './drafts';

export { NewReportPage } from './new-report.page';
export { MyAlertsPage } from './my-alerts.page';
export { ManageAlertPage } from './manage-alert.page';

// The outbox drains from whatever screen is open, so it starts with the console, not with a screen.
startOutbox();
