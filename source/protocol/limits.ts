/** The numbers of the tcpchat/1 contract. Other programs rely on them: change none lightly. */
export const PROTOCOL_VERSION = 1;
/** A frame's line, terminator included, may not pass this many bytes. */
export const MAX_FRAME_BYTES = 8192;
export const MAX_NAME_CHARS = 24;
export const MAX_TEXT_CHARS = 2000;
/**
 * The limit above binds clients. Server frames may be longer: a `welcome` carries the history
 * and every member's name, past 8 KB in a busy room. Clients still cap them, against a
 * hostile server.
 */
export const MAX_SERVER_FRAME_BYTES = 64 * 1024 * 1024;
