import sharp from 'sharp';
const w = 2550, h = 3300;
const raw = Buffer.alloc(w*h, 255); for (let y=100;y<200;y++) raw.fill(0, y*w+100, y*w+1000);
const t0 = performance.now();
const tif = await sharp(raw,{raw:{width:w,height:h,channels:1}}).toColourspace('b-w').tiff({compression:'ccittfax4', bitdepth:1, tileHeight: 3300}).toBuffer();
console.log('ms', performance.now()-t0, tif.length);
// parse IFD
const le = tif[0]===0x49; const dv = new DataView(tif.buffer, tif.byteOffset, tif.byteLength);
const u16=(o:number)=>dv.getUint16(o,le), u32=(o:number)=>dv.getUint32(o,le);
const ifd = u32(4); const n = u16(ifd);
for (let i=0;i<n;i++){ const e=ifd+2+i*12; const tag=u16(e), type=u16(e+2), cnt=u32(e+4); const val = type===3&&cnt===1? u16(e+8): u32(e+8); console.log(tag,type,cnt,val); }
