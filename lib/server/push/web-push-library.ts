/**
 * `web-push` is loaded at the first push or the first key pair made, not at start: most starts
 * need neither soon, and its load is a few hundredths of a second of every cold start.
 */
const load = async () => (await import('web-push')).default;
let loaded: ReturnType<typeof load> | undefined;
export const webPushLibrary = () => (loaded ??= load());
