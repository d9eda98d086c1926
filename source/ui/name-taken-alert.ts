import stringWidth from 'string-width';
import {fitWidth} from './wrap-text.js';

/**
 * The status row while a rejoin is refused because the name is in use (by someone else, or by
 * our own connection the server has not yet seen drop): what happened and what to do, then the
 * countdown. Shorter forms for narrower rows; "/nick NAME" is the last thing to go.
 */
export function nameTakenAlert(name: string, secondsLeft: number, width?: number): string {
	const countdown = `retrying in ${secondsLeft} s`;
	const forms = [
		`the name ${name} is taken — /nick NAME to rejoin with another — ${countdown} (Esc to stop)`,
		`the name ${name} is taken — /nick NAME to rejoin with another — ${countdown}`,
		`the name ${name} is taken — /nick NAME to rejoin with another`,
		`${name} is taken — /nick NAME to rejoin as another`,
		`${name} is taken — /nick NAME`,
		`name taken — /nick NAME`,
	];
	if (width === undefined) return forms[0]!;
	return forms.find(form => stringWidth(form) <= width) ?? fitWidth(forms.at(-1)!, width);
}
