import { runService } from '@suite/service-kit';
import { AppModule } from './app.module';
import { config } from './config';

void runService(AppModule, config);
