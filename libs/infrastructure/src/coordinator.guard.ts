// Every endpoint of a coordinator's own (the coordinator API, the delivery log): a verified token of role
// `coordinator`, whose subject is the coordinator's id. One guard for every service that serves coordinators.
import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { isUUID } from 'class-validator';
import { TokenVerifier } from './token-verifier';

type AuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; coordinatorId?: string };

@Injectable()
export class CoordinatorGuard implements CanActivate {
  constructor(private readonly tokens: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = await this.tokens.fromHeaders(request.headers);
    if (!token) throw new UnauthorizedException('a coordinator token is required (Authorization: Bearer …)');
    if (token.role !== 'coordinator') throw new ForbiddenException('this API is for coordinators');
    if (!isUUID(token.subject)) throw new ForbiddenException('the token subject is not a coordinator id');
    request.coordinatorId = token.subject;
    return true;
  }
}

/** The caller's coordinator id, from the verified token; never from the body or the query. */
export const CoordinatorId = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().coordinatorId!,
);
