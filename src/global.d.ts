/// <reference types="@tarojs/taro" />

declare module '*.png' {
  const src: string;
  export default src;
}
declare module '*.scss';
declare module '*.css';

/** WeChat cloud environment id (config/index.ts, from GUANJIA_CLOUD_ENV). */
declare const CLOUD_ENV: string;
/** h5 only: base URL of the local cloud; '' means the same origin. */
declare const LOCAL_CLOUD_URL: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
  }
}
