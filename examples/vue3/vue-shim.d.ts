/** `tsc` does not read `.vue` files (that would need vue-tsc); this types their default export. */
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
