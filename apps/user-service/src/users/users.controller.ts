import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { UserIdSchema, type User } from '@suite/contracts';
import { SimulatedLatency, ZodValidationPipe } from '@suite/service-kit';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get(':userId')
  @SimulatedLatency('users.get')
  get(@Param('userId', new ZodValidationPipe(UserIdSchema, 'userId')) userId: string): User {
    const user = this.users.find(userId);
    if (!user)
      throw new NotFoundException(`user ${userId} does not exist (seeded users are 1 to 300)`);
    return user;
  }
}
