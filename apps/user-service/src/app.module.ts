import { Module } from '@nestjs/common';
import { ServiceKitModule } from '@suite/service-kit';
import { config } from './config';
import { usersDatabase } from './users/users.database';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      serviceName: config.serviceName,
      latency: config.latency,
      database: usersDatabase,
    }),
    UsersModule,
  ],
})
export class AppModule {}
