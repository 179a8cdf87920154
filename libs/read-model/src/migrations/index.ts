import { EVENT_STORE_MIGRATIONS } from '@cix/event-store';
import { CreateHubReadModel1732780000001 } from './1732780000001-create-hub-read-model.js';
import { CreateHubAudit1732780000003 } from './1732780000003-create-hub-audit.js';
import { CreateHubTrends1732780000004 } from './1732780000004-create-hub-trends.js';
import { RecordEventRefusals1732780000006 } from './1732780000006-record-event-refusals.js';
import { IndexEventHashes1732780000007 } from './1732780000007-index-event-hashes.js';
import { IndexCompanyWords1732780000021 } from './1732780000021-index-company-words.js';
import { VersionHubFeedback1764600000020 } from './1764600000020-version-hub-feedback.js';
import { ShareHubReplicaState1764700000030 } from './1764700000030-share-hub-replica-state.js';
import { CreateHubCorrelation1764700000040 } from './1764700000040-create-hub-correlation.js';
import { CreateInformationRequests1764700000051 } from './1764700000051-create-information-requests.js';
import { CreateWatchlists1764800000050 } from './1764800000050-create-watchlists.js';
import { ShowVesselNamesAsWritten1764800000062 } from './1764800000062-show-vessel-names-as-written.js';
import { CountCorrelationValuesPerAgency1764800000070 } from './1764800000070-count-correlation-values-per-agency.js';

/** Every migration of the hub's database, in order: the hub and the benchmarks use this one list. */
export const HUB_MIGRATIONS = [
  ...EVENT_STORE_MIGRATIONS,
  CreateHubReadModel1732780000001,
  CreateHubAudit1732780000003,
  CreateHubTrends1732780000004,
  RecordEventRefusals1732780000006,
  IndexEventHashes1732780000007,
  IndexCompanyWords1732780000021,
  VersionHubFeedback1764600000020,
  ShareHubReplicaState1764700000030,
  CreateHubCorrelation1764700000040,
  CreateInformationRequests1764700000051,
  CreateWatchlists1764800000050,
  ShowVesselNamesAsWritten1764800000062,
  CountCorrelationValuesPerAgency1764800000070,
];
