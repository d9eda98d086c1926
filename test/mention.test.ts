import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {mentions} from '../source/ui/mention.js';

describe('mentions in text written with spaces', () => {
	test('a name as a whole word, ignoring case', () => {
		expect(mentions('hi bob!', 'bob')).toBe(true);
		expect(mentions('BOB: look', 'bob')).toBe(true);
		expect(mentions('alice, are you there?', 'alice')).toBe(true);
		expect(mentions('thanks bob.', 'bob')).toBe(true);
		expect(mentions("bob's turn", 'bob')).toBe(true);
		expect(mentions('(bob)', 'bob')).toBe(true);
		expect(mentions('Ålice hej', 'ålice')).toBe(true);
		expect(mentions('привет, Вася', 'вася')).toBe(true);
	});

	test('a name inside another word is not a mention', () => {
		expect(mentions('malice aforethought', 'alice')).toBe(false);
		expect(mentions('bobby is here', 'bob')).toBe(false);
		expect(mentions('kabob', 'bob')).toBe(false);
		expect(mentions('bob2 is a bot', 'bob')).toBe(false);
		expect(mentions('bob_x', 'bob')).toBe(false);
		expect(mentions('bob.smith', 'bob')).toBe(false);
		expect(mentions('mary-jane', 'mary')).toBe(false);
		expect(mentions('jane.mary', 'mary')).toBe(false);
		expect(mentions('Васятка', 'вася')).toBe(false);
	});

	test('a later whole-word occurrence counts even after a glued one', () => {
		expect(mentions('malice? no, alice', 'alice')).toBe(true);
	});

	test('a combining mark after the match belongs to the name’s last letter', () => {
		expect(mentions('alice\u0301 is here', 'alice')).toBe(false);
		expect(mentions('alice is here', 'alice\u0301')).toBe(false);
	});

	test('@name always, but the end of the name is still checked', () => {
		expect(mentions('@bob', 'bob')).toBe(true);
		expect(mentions('hi@bob', 'bob')).toBe(true);
		expect(mentions('@bobby', 'bob')).toBe(false);
		expect(mentions('@张三 在吗', '张三')).toBe(true);
	});

	test('an empty name mentions nothing', () => {
		expect(mentions('anything', '')).toBe(false);
	});
});

describe('mentions in text written without spaces', () => {
	test('a Chinese name wherever it stands', () => {
		expect(mentions('张三你好吗', '张三')).toBe(true);
		expect(mentions('请问张三在吗', '张三')).toBe(true);
		expect(mentions('我是张三', '张三')).toBe(true);
		expect(mentions('张三', '张三')).toBe(true);
		expect(mentions('李四你好', '张三')).toBe(false);
		expect(mentions('张你好三', '张三')).toBe(false);
	});

	test('Japanese and Thai names inside their text', () => {
		expect(mentions('たなかさんはいますか', 'たなか')).toBe(true);
		expect(mentions('サトウ・ハナコです', 'サトウ')).toBe(true);
		expect(mentions('สวัสดีสมชายครับ', 'สมชาย')).toBe(true);
		expect(mentions('สมชายไปไหน', 'สมชาย')).toBe(true);
	});

	test('a Thai match never ends inside a character (a vowel mark after it)', () => {
		// สมศรี: the last vowel (U+0E35) is a combining mark on ร.
		expect(mentions('สมศรีมาแล้ว', 'สมศร')).toBe(false);
		expect(mentions('สมศรีมาแล้ว', 'สมศรี')).toBe(true);
	});

	test('mixed scripts: the check applies only between two characters of spaced scripts', () => {
		expect(mentions('alice你好', 'alice')).toBe(true);
		expect(mentions('你好alice', 'alice')).toBe(true);
		expect(mentions('请问alice在吗', 'alice')).toBe(true);
		expect(mentions('malice你好', 'alice')).toBe(false);
		expect(mentions('张三abc', '张三')).toBe(true);
		expect(mentions('hi 张三!', '张三')).toBe(true);
		// A mixed name: its Latin end is glued to a Latin letter, its Han start is not glued to anything.
		expect(mentions('你好小明x', '小明x')).toBe(true);
		expect(mentions('小明xy', '小明x')).toBe(false);
	});

	test('Korean: particles after the name are fine, letters before it are not', () => {
		expect(mentions('철수는 어디 있어요?', '철수')).toBe(true);
		expect(mentions('철수야', '철수')).toBe(true);
		expect(mentions('영철수 씨', '철수')).toBe(false);
	});

	test('names outside the Basic Multilingual Plane', () => {
		expect(mentions('请问𠀀𠀁在吗', '𠀀𠀁')).toBe(true);
		expect(mentions('x𠀀𠀁', '𠀀𠀁')).toBe(true);
	});

	test('any Han name inside any Han text is a mention (property)', () => {
		const han = fc.integer({min: 0x4e00, max: 0x9fff}).map(c => String.fromCodePoint(c));
		const hanText = fc.array(han, {maxLength: 6}).map(a => a.join(''));
		fc.assert(
			fc.property(hanText, fc.array(han, {minLength: 1, maxLength: 4}).map(a => a.join('')), hanText, (before, name, after) =>
				mentions(before + name + after, name),
			),
		);
	});
});
