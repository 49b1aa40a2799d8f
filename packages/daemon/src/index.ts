// @linktrace/daemon: the local tracking server and what its clients need to find and drive it.
export { startDaemon, type Daemon, type DaemonOptions } from './server';
export { readDaemonInfo, locateDaemon, isLoopbackDaemonUrl, DAEMON_INFO_FILE, type DaemonInfo } from './daemon-info';
export { prepareDelivery, newId, summarizeDelivery, type PrepareContext } from './deliveries';
export { personalize, resolveExpression, decodeHtmlEntities, type PersonalizeContext, type PersonalizeResult } from './personalize';
export { DEFAULT_RECIPIENTS, loadRecipientsFile } from './recipients';
export { buildReport } from './reports';
export { requestMachineReason, BurstDetector } from './machine-traffic';
export { escapeHtml, PAGE_CSP } from './pages';
export { DaemonNotRunningError, RecipientsFileError, RequestError } from './errors';
export { DEFAULT_DATA_DIR, DATA_DIR_MARKER_FILE, ForeignFileError, UntrustedDataDirError, createStorage, DataDirLockedError } from './storage/index';
export { readLastDelivery, writeLastDelivery, LAST_DELIVERY_FILE } from './last-delivery';
export { clickUrl } from './urls';
export { callDaemonApi, requestDaemon, DaemonApiError, type DaemonEndpoint, type DaemonResponse } from './api-client';
export * from './link-check/index';
