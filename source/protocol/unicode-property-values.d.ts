/** The canonical value names of each Unicode property that ECMAScript regular expressions accept. */
declare module 'unicode-match-property-value-ecmascript/data/mappings.js' {
	/** Property name → (value or alias → canonical value name). */
	const mappings: ReadonlyMap<string, ReadonlyMap<string, string>>;
	export default mappings;
}
