export { TokenVerifier, TOKEN_ISSUER, TOKEN_AUDIENCE, TOKEN_ALG } from './token-verifier';
export type { KeySource, TokenVerifierOptions, VerifiedClaims } from './token-verifier';
