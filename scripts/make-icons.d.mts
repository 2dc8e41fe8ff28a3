export declare const ICONS_DIR: string;
export declare const ICONS: readonly { file: string; size: number; scale: number }[];
export declare function makeIcons(dir: string): Promise<void>;
