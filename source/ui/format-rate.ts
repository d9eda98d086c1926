/** A rate per second in at most four characters: "0.0", "2.5", "12", "340". */
export function formatRate(rate: number): string {
	return rate >= 10 ? String(Math.round(rate)) : rate.toFixed(1);
}
