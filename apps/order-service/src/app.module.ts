import { Module } from '@nestjs/common';
import { ServiceKitModule } from '@suite/service-kit';
import { config } from './config';
import { ordersDatabase } from './orders/orders.database';
import { OrdersModule } from './orders/orders.module';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      serviceName: config.serviceName,
      latency: config.latency,
      database: ordersDatabase,
    }),
    OrdersModule,
  ],
})
export class AppModule {}
