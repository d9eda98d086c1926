/**
 * Whether `text` mentions `name`, ignoring case. What counts as "a word of its own" depends on
 * the script on each side of the match:
 *
 * - Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, …) have
 *   no word boundary to check: "请问张三在吗" mentions 张三.
 * - Between two characters of scripts that use spaces (Latin, Cyrillic, digits, …) the match
 *   must be a whole word: "bobby" and "kabob" do not mention bob, "bob," and "hi bob!" do.
 * - Korean uses spaces but glues particles to the noun: "철수는" mentions 철수, "영철수" does not.
 * - "@name" is always a mention of name (the end of the name is still checked: "@bobby" is not bob).
 * - A match never ends inside a character: a combining mark right after it belongs to the name's
 *   last letter ("alicé" is not alice).
 */
export function mentions(text: string, name: string): boolean {
	if (name.length === 0) return false;
	const lowerText = text.toLocaleLowerCase('und');
	const lowerName = name.toLocaleLowerCase('und');
	const first = firstCodePoint(lowerName);
	const last = lastCodePoint(lowerName, lowerName.length);
	let from = 0;
	for (;;) {
		const at = lowerText.indexOf(lowerName, from);
		if (at === -1) return false;
		const end = at + lowerName.length;
		if (startsWord(lowerText, at, first) && endsWord(lowerText, end, last)) return true;
		from = at + 1;
	}
}

/** Scripts that write words without spaces between them. */
const UNSPACED =
	/[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Bopomofo}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}\p{scx=Tibetan}\p{scx=Yi}\p{scx=Tai_Le}\p{scx=New_Tai_Lue}\p{scx=Tai_Tham}\p{scx=Tai_Viet}\p{scx=Balinese}\p{scx=Javanese}]/u;
const HANGUL = /\p{scx=Hangul}/u;
/** What makes up a word in spaced text: letters, digits, "_" and combining marks. */
const WORD = /[\p{L}\p{N}\p{M}_]/u;
const MARK = /\p{M}/u;
/** Inside a name they join words ("bob.smith", "mary-jane"); at the end of a sentence they do not ("thanks bob."). */
const JOINERS = new Set(['.', '-']);

function isWord(char: string): boolean {
	return char !== '' && WORD.test(char);
}

/** Whether two adjacent characters are in the same word of text written with spaces. */
function glued(left: string, right: string): boolean {
	return isWord(left) && isWord(right) && !UNSPACED.test(left) && !UNSPACED.test(right);
}

function startsWord(text: string, at: number, first: string): boolean {
	const before = lastCodePoint(text, at);
	if (before === '' || before === '@') return true;
	if (glued(before, first)) return false;
	if (JOINERS.has(before)) return !glued(lastCodePoint(text, at - before.length), first);
	return true;
}

function endsWord(text: string, end: number, last: string): boolean {
	const after = firstCodePoint(text.slice(end, end + 2));
	if (after === '') return true;
	if (MARK.test(after)) return false;
	// Korean particles follow the noun without a space ("철수는", "철수야").
	if (HANGUL.test(last) && HANGUL.test(after)) return true;
	if (glued(last, after)) return false;
	if (JOINERS.has(after)) return !glued(last, firstCodePoint(text.slice(end + 1, end + 3)));
	return true;
}

function firstCodePoint(text: string): string {
	const code = text.codePointAt(0);
	return code === undefined ? '' : String.fromCodePoint(code);
}

/** The code point that ends just before `index` ('' at the start). */
function lastCodePoint(text: string, index: number): string {
	if (index <= 0) return '';
	const low = text.charCodeAt(index - 1);
	if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
		const high = text.charCodeAt(index - 2);
		if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
	}
	return text.slice(index - 1, index);
}
