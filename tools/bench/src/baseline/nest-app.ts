// The bare Nest baseline of scenario 7: Nest 11 on express with one controller answering the same
// JSON body user-service answers for /users/42, and nothing of the suite (no preload, no tracing, no
// validation, no logging, no database). Its CPU per request minus the raw node:http floor's is what
// Nest and express themselves cost.
//   node baseline/nest-app.js   with PORT and BODIES (a JSON file with the `user` body).
import { readFileSync } from 'node:fs';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';

const body = (JSON.parse(readFileSync(process.env['BODIES'] ?? '', 'utf8')) as { user: unknown })
  .user;

@Controller()
class UserController {
  @Get('users/:userId')
  get(): unknown {
    return body;
  }

  @Get('health/ready')
  ready(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [UserController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, new ExpressAdapter(), {
    logger: ['error', 'warn'],
  });
  // The suite turns both off too: with them on, the difference to user-service would be express
  // defaults (an etag hash of every body), not what the suite adds.
  app.disable('x-powered-by');
  app.disable('etag');
  await app.listen(Number(process.env['PORT']), '127.0.0.1');
  console.log(`bare Nest app listening on ${process.env['PORT']}`);
  process.once('SIGTERM', () => process.exit(0));
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
