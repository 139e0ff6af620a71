import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { themeState } from './lib/theme.svelte';

// Before the first paint, so the page never flashes in the other theme.
themeState.start();

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');

export default mount(App, { target });
