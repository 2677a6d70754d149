/**
 * Resolves the real servers once for the whole integration run and hands their URLs
 * to every test file (`inject('services')`). Fails early, with instructions, when none answer.
 */
import type { TestProject } from 'vitest/node';
import { containerRuntimeAnswers, startContainers, type StartedServices } from './containers.js';
import { fromEnvironment, fromServicesFile, HOW_TO_START, type ServiceUrls } from './services.js';
import { checkServices } from './check-services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    services: ServiceUrls;
  }
}

let started: StartedServices | null = null;

export async function setup(project: TestProject): Promise<void> {
  let urls = fromEnvironment(process.env) ?? fromServicesFile();
  if (urls === null) {
    if (await containerRuntimeAnswers()) {
      started = await startContainers();
      urls = started.urls;
    } else {
      throw new Error(`DATABASE_URL, KAFKA_BROKERS and REDIS_URL are not set and no container runtime answers.\n${HOW_TO_START}`);
    }
  }
  const problems = await checkServices(urls);
  if (problems.length > 0) {
    throw new Error(`Cannot reach the test servers:\n  - ${problems.join('\n  - ')}\n${HOW_TO_START}`);
  }
  project.provide('services', urls);
}

export async function teardown(): Promise<void> {
  if (started) await started.stop();
}
