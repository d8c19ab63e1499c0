import { changePasswordSchema, createUserSchema } from './user.schemas';
import { isCommonPassword, newPasswordSchema } from './password-policy';

const messages = (input: string) => {
  const result = newPasswordSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('password policy', () => {
  it('should accept a long password that is not on the common list', () => {
    expect(messages('Sturdy-password-42')).toEqual([]);
  });

  it('should refuse a password shorter than 12 characters, saying so', () => {
    expect(messages('Short-pw-1!')).toEqual(['must be at least 12 characters']);
  });

  it('should refuse a common password of any length, in any case', () => {
    expect(isCommonPassword('QWERTY123456')).toBe(true);
    expect(messages('qwerty123456')).toEqual(['is one of the most common passwords; choose another']);
    expect(messages('PasswordPassword')).toEqual(['is one of the most common passwords; choose another']);
  });

  it('should apply to new users and password changes', () => {
    const user = { email: 'a@example.com', name: 'A', role: 'worker', password: '1q2w3e4r5t6y' };
    expect(createUserSchema.safeParse(user).success).toBe(false);
    expect(changePasswordSchema.safeParse({ currentPassword: 'x', newPassword: 'short' }).success).toBe(false);
    expect(changePasswordSchema.safeParse({ currentPassword: 'x', newPassword: 'Another-sturdy-43' }).success).toBe(true);
  });
});

describe('password policy reasons', () => {
  it('should give one reason for a password both short and common', () => {
    const result = newPasswordSchema.safeParse('password');
    expect(result.success ? [] : result.error.issues.map((issue) => issue.message)).toEqual(['must be at least 12 characters']);
  });
});
