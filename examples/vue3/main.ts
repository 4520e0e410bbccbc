import { createApp } from 'vue';
import 'p2p-kit';
import App from './App.vue';

createApp(App).mount('#app');
