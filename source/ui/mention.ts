/**
 * Whether `text` mentions `name` as a word of its own ("bob:", "@bob", "hi bob!"), ignoring
 * case; "bobby" does not mention "bob".
 */
export function mentions(text: string, name: string): boolean {
	if (name.length === 0) return false;
	const lowerText = text.toLocaleLowerCase('und');
	const lowerName = name.toLocaleLowerCase('und');
	let from = 0;
	for (;;) {
		const at = lowerText.indexOf(lowerName, from);
		if (at === -1) return false;
		const before = at === 0 ? '' : lowerText[at - 1]!;
		const after = lowerText.slice(at + lowerName.length, at + lowerName.length + 2);
		if (!isNameChar(before) && !isNameChar(after[0] ?? '') && !(after[0] === '.' && isNameChar(after[1] ?? '')))
			return true;
		from = at + 1;
	}
}

// "." and "-" may end a sentence ("thanks bob."), so only letters, digits and "_" glue words.
function isNameChar(char: string): boolean {
	return char !== '' && /[\p{L}\p{N}_]/u.test(char);
}
