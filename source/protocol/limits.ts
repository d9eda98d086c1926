/** The numbers of the tcpchat/2 contract. Other programs rely on them: change none lightly. */
/** The highest version this program speaks; a hello's `proto` is answered with the lower of the two. */
export const PROTOCOL_VERSION = 2;
/** The oldest version still served: tcpchat/1, one room. */
export const MIN_PROTOCOL_VERSION = 1;
/** A frame's line, terminator included, may not pass this many bytes. */
export const MAX_FRAME_BYTES = 8192;
export const MAX_NAME_CHARS = 24;
export const MAX_TEXT_CHARS = 2000;
/** A room name is `#` and this many letters, digits or `_ - .` at most. */
export const MAX_ROOM_NAME_CHARS = 32;
export const MAX_TOPIC_CHARS = 300;
/**
 * The limit above binds clients. Server frames may be longer: a `welcome` carries the history
 * and every member's name, past 8 KB in a busy room. Clients still cap them, against a
 * hostile server.
 */
export const MAX_SERVER_FRAME_BYTES = 64 * 1024 * 1024;
/** Events a `history` request may ask for at once, and what it gets without `limit`. */
export const MAX_HISTORY_PAGE = 500;
export const DEFAULT_HISTORY_PAGE = 100;
/** Messages a `results` answer holds at most. */
export const MAX_SEARCH_RESULTS = 100;
/** A search looks for 2 to 100 characters: fewer would match nearly everything. */
export const MIN_SEARCH_CHARS = 2;
export const MAX_SEARCH_CHARS = 100;
