#!/usr/bin/env node
import { main } from './cli-main.js';
import { runCli } from './run-cli.js';

runCli('echo-tray', main);
