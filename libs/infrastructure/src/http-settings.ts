// The token and rate-limit settings both HTTP services share; each app's config class extends this one.
import { IsIn, IsInt, IsString, Min } from 'class-validator';
import { Env } from './config';
import { DEVELOPMENT_JWT_SECRET, TokenSettings } from './token-verifier';

export class HttpSettings implements TokenSettings {
  @Env('JWT_ALGORITHM') @IsIn(['HS256', 'RS256']) jwtAlgorithm: 'HS256' | 'RS256' = 'HS256';
  @Env('JWT_SECRET') @IsString() jwtSecret = DEVELOPMENT_JWT_SECRET;
  @Env('JWT_PUBLIC_KEY') @IsString() jwtPublicKey = '';
  @Env('JWT_JWKS_URL') @IsString() jwtJwksUrl = '';
  @Env('JWT_ISSUER') @IsString() jwtIssuer = '';
  @Env('JWT_AUDIENCE') @IsString() jwtAudience = '';
  /** Requests per client address per minute; 0 turns rate limiting off. */
  @Env('RATE_LIMIT_PER_MINUTE') @IsInt() @Min(0) rateLimitPerMinute = 1200;
}
