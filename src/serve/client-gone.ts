// A request's client leaving, as an AbortSignal: its socket closing. Not the request's 'close'
// (emitted as soon as its body has been read, so fastify's request.signal, which follows it, is
// aborted for every POST that reaches its handler), nor 'aborted' (deprecated, and not emitted once
// the body is read), nor the response's 'close' (emitted by a finished response too, and never by
// the response of a pipelined request still waiting behind another on the socket).
import { setMaxListeners } from 'node:events';
import type { Socket } from 'node:net';

const signals = new WeakMap<Socket, AbortSignal>();

/** Aborted once the socket closes; one signal per socket, shared by the requests pipelined on it. */
export function clientGone(socket: Socket): AbortSignal {
  let signal = signals.get(socket);
  if (signal) return signal;
  const controller = new AbortController();
  signal = controller.signal;
  // each request waiting on the socket listens, up to --max-queue of them
  setMaxListeners(0, signal);
  if (socket.destroyed) controller.abort();
  else socket.once('close', () => controller.abort());
  signals.set(socket, signal);
  return signal;
}
