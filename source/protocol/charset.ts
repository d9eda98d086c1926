import {isUtf8} from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * The text encodings a connection may speak. Everything is UTF-8 but plain-text connections
 * whose bytes are not: those are read and answered as GB18030, the superset of GBK that
 * Chinese Windows telnet and terminals send (it covers all of Unicode, so nothing is lost).
 */
export type Charset = 'utf8' | 'gb18030';

/** Turns a line's bytes (terminator removed) into text. */
export type TextDecoding = (bytes: Buffer) => string;

export const decodeUtf8: TextDecoding = bytes => bytes.toString('utf8');

export function isValidUtf8(bytes: Uint8Array): boolean {
	return isUtf8(bytes);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The bytes without a leading UTF-8 byte order mark (EF BB BF), which Windows tools (Notepad,
 * PowerShell) put before what they write: before a connection's first line it would hide the
 * `{` or the `NICK` its dialect is told by. A view, not a copy.
 */
export function withoutBom(bytes: Buffer): Buffer {
	return bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2] ? bytes.subarray(3) : bytes;
}

export function decodeText(bytes: Buffer, charset: Charset): string {
	return charset === 'utf8' ? bytes.toString('utf8') : iconv.decode(bytes, 'gb18030');
}

export function encodeText(text: string, charset: Charset): Buffer {
	return charset === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'gb18030');
}
