import { UserSchema, type User } from '@suite/contracts';
import { HttpJsonClient } from './http/http-json-client';
import type { CallOptions, DownstreamConfig } from './http/json-call';

/** user-service as the BFF needs it; an abstract class doubles as Nest token and as a test's fake. */
export abstract class UserDirectory {
  abstract getUser(userId: string, options?: CallOptions): Promise<User>;
}

export class UserClient extends UserDirectory {
  private readonly http: HttpJsonClient;
  constructor(config: DownstreamConfig) {
    super();
    this.http = new HttpJsonClient('user-service', config);
  }
  getUser(userId: string, options?: CallOptions): Promise<User> {
    return this.http.call(
      { method: 'GET', template: '/users/:userId', params: { userId }, schema: UserSchema },
      options,
    );
  }
}
