// wslink messages to and from their websocket frames (msgpack, wslink's chunk headers), with wslink's own code.
import { Decoder, Encoder } from "@msgpack/msgpack";
import { UnChunker, generateChunks } from "wslink/src/WebsocketConnection/chunking";

// wslink's client chunks at this size until a hello reply names another (its session.js).
export const WSLINK_CHUNK_SIZE = 512 * 1024;

const encoder = new Encoder();

/** The frames (Uint8Array chunks) of one wslink message, as wslink's client sends them. */
export function framesOf(message, chunkSize = WSLINK_CHUNK_SIZE) {
  return [...generateChunks(encoder.encode(message), chunkSize)];
}

/** msgpack bytes of a value, to tell whether two decoded values are the same; null if it has none. */
export function packed(value) {
  try {
    return encoder.encode(value);
  } catch {
    return null; // a value the page made that msgpack cannot hold: never the same as another
  }
}

export function sameBytes(a, b) {
  if (!a || !b || a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Reassembles frames into messages, one frame at a time and in arrival order: `push(frame)` (a
 * Blob, ArrayBuffer or typed array) resolves with the message it completed, or undefined.
 */
export function createReader() {
  const unchunker = new UnChunker();
  const decoder = () => new Decoder();
  let last = Promise.resolve();
  return {
    /** Messages begun and not complete yet (frames of one message must not be handed on apart). */
    partial() {
      return Object.keys(unchunker.pendingMessages).length > 0;
    },
    push(frame) {
      const blob = frame instanceof Blob ? frame : new Blob([frame]);
      const done = last.then(() => unchunker.processChunk(blob, decoder));
      last = done.catch(() => undefined);
      return done;
    },
  };
}
