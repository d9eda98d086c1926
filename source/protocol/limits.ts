/** The numbers of the tcpchat/1 contract. Other programs rely on them: change none lightly. */
export const PROTOCOL_VERSION = 1;
/** A frame's line, terminator included, may not pass this many bytes. */
export const MAX_FRAME_BYTES = 8192;
export const MAX_NAME_CHARS = 24;
export const MAX_TEXT_CHARS = 2000;
