// A queued lint job's state, shared between the server and the lint thread (a SharedArrayBuffer): the
// thread moves it from waiting to started as it begins, the server to dropped when the request's
// client has gone. Whichever comes first wins, so a dropped job never starts and a started one is
// never dropped (its thread is not stopped for a client that left).
export const WAITING = 0;
export const STARTED = 1;
export const DROPPED = 2;

export const newJobState = (): Int32Array => new Int32Array(new SharedArrayBuffer(4));

/** Moves a waiting job to `to`; false when the other side moved it first. */
export const claimJob = (state: Int32Array, to: typeof STARTED | typeof DROPPED): boolean => Atomics.compareExchange(state, 0, WAITING, to) === WAITING;
