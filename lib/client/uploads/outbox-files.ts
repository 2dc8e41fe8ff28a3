/**
 * What the outbox does with files, as one module: the client loads it (one chunk) on the first
 * message with files, never before.
 */
export { cancelFile } from './cancel-file';
export { forgetFiles } from './file-store';
export { prepareSend } from './keep-files';
export { prepareFiles } from './prepare-files';
