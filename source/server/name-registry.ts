import {confusableKeys, nameKey} from '../protocol/names.js';

/**
 * Who is online under which name: names are unique by their confusable skeletons (UTS #39,
 * both keys of `confusableKeys`), so that nobody can take a name that looks like another's.
 * Claim, rename and release in one place; every lookup is one or two Map reads. Iterates in the
 * order names were claimed (a rename counts as a new claim).
 */
export class NameRegistry<M extends {name: string}> {
	private readonly byFolded = new Map<string, M>();
	private readonly byWritten = new Map<string, M>();

	get size(): number {
		return this.byFolded.size;
	}

	values(): IterableIterator<M> {
		return this.byFolded.values();
	}

	/**
	 * The member whose name clashes with `name`, other than `except`: the same name in another
	 * case first, so that a lookup by name finds who was meant.
	 */
	holder(name: string, except?: M): M | undefined {
		const [folded, written] = confusableKeys(name);
		const same = this.byFolded.get(folded);
		if (same !== undefined && same !== except) return same;
		const alike = this.byWritten.get(written);
		return alike !== except ? alike : undefined;
	}

	/**
	 * The member called `name`, ignoring case (and NFKC): whom a private message or a kick is
	 * for. Never a look-alike: a message for "alice" must not reach "aIice" while alice is away.
	 */
	find(name: string): M | undefined {
		const found = this.byFolded.get(confusableKeys(name)[0]);
		return found !== undefined && nameKey(found.name) === nameKey(name) ? found : undefined;
	}

	/** Whether `member` holds its name here. */
	holds(member: M): boolean {
		return this.byFolded.get(confusableKeys(member.name)[0]) === member;
	}

	/** The caller has checked that `holder(member.name, member)` is undefined. */
	claim(member: M): void {
		const [folded, written] = confusableKeys(member.name);
		this.byFolded.set(folded, member);
		this.byWritten.set(written, member);
	}

	/** Frees `member`'s current name; false when it held none here. */
	release(member: M): boolean {
		const [folded, written] = confusableKeys(member.name);
		if (this.byFolded.get(folded) !== member) return false;
		this.byFolded.delete(folded);
		if (this.byWritten.get(written) === member) this.byWritten.delete(written);
		return true;
	}

	/** The caller has checked that `holder(to, member)` is undefined. */
	rename(member: M, to: string): void {
		this.release(member);
		member.name = to;
		this.claim(member);
	}
}
