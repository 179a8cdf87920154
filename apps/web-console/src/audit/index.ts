// The auditor's screens, registered in app/pages.tsx.
import './audit.css';

export { AccessLogPage } from './AccessLogPage';
export { AsOfPage } from './AsOfPage';
export { IntegrityPage } from './IntegrityPage';
export { QuarantinePage } from './QuarantinePage';
export { ReportPage } from './ReportPage';
export { TimelinePage } from './TimelinePage';
