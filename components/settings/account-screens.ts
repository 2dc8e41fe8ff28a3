/**
 * The one entry the chat loads the settings screens through: the dialog and the prompt to set a
 * password come in one chunk, so the page's loader carries one entry for both.
 */
export { PasswordPrompt } from './password-prompt';
export { SettingsDialog } from './settings-dialog';
