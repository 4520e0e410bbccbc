/**
 * Angular (standalone components, zoneless) compiled just in time in the browser: importing
 * `@angular/compiler` first lets `@Component` templates compile at startup, so plain Vite can
 * bundle the app with no Angular CLI.
 */
import '@angular/compiler';
import 'p2p-kit';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app.js';

bootstrapApplication(AppComponent, { providers: [provideZonelessChangeDetection()] }).catch((err) => console.error(err));
