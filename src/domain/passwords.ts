/**
 * What a new password must be: long enough, and not one of the passwords attackers try
 * first. Pure; the services hash and store.
 */

/** The shortest password accepted when one is set or changed. */
export const MIN_NEW_PASSWORD_LENGTH = 8;

/**
 * The most common passwords of public breach corpora (lowercased): each is tried within
 * the first seconds of any guessing attack, so none may be chosen whatever its length.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456',
  '123456789',
  '12345678',
  'password',
  'qwerty',
  '12345',
  'qwerty123',
  '1q2w3e',
  '1234567',
  '111111',
  '1234567890',
  '123123',
  'abc123',
  '1234',
  'password1',
  'iloveyou',
  '1q2w3e4r',
  '000000',
  'qwertyuiop',
  '123321',
  '654321',
  '666666',
  '123qwe',
  '7777777',
  '112233',
  'zxcvbnm',
  'asdfghjkl',
  'qazwsx',
  'dragon',
  'monkey',
  'letmein',
  'football',
  'baseball',
  'welcome',
  'welcome1',
  'admin',
  'admin123',
  'administrator',
  'login',
  'master',
  'sunshine',
  'princess',
  'shadow',
  'superman',
  'michael',
  'charlie',
  'jessica',
  'mustang',
  'trustno1',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'password123',
  'password12',
  'password!',
  'changeme',
  'secret',
  'default',
  'starwars',
  'whatever',
  'freedom',
  'hello123',
  'access',
  'flower',
  'hottie',
  'loveme',
  'zaq1zaq1',
  'zaq12wsx',
  '1qaz2wsx',
  'q1w2e3r4',
  'q1w2e3r4t5',
  'qwer1234',
  'asdf1234',
  'aa123456',
  'abcd1234',
  '11111111',
  '88888888',
  '12341234',
  '87654321',
  '123454321',
  '987654321',
  'qwerty12',
  'qwerty1',
  'iloveyou1',
  'football1',
  'computer',
  'internet',
  'whatever1',
  'pokemon',
  'cheese',
  'ginger',
  'jordan23',
  'killer',
  'batman',
  'soccer',
  'hockey',
  'ranger',
  'buster',
  'thomas',
  'tigger',
  'robert',
  'summer',
  'winter',
  'spring',
  'autumn',
  'letmein1',
  'welcome123',
  'test1234',
  'testtest',
  'guest',
  'flowlane',
  'tallyfy',
]);

/** Why a new password is refused; empty when it is acceptable. */
export function newPasswordProblems(password: string, context: { email?: string } = {}): string[] {
  const problems: string[] = [];
  if ([...password].length < MIN_NEW_PASSWORD_LENGTH) {
    problems.push(`The password must be at least ${MIN_NEW_PASSWORD_LENGTH} characters.`);
  }
  const lowered = password.trim().toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) {
    problems.push('This password is too common: choose one that is not on lists of frequent passwords.');
  } else if (context.email && lowered === context.email.toLowerCase()) {
    problems.push('The password may not be your e-mail address.');
  }
  return problems;
}
