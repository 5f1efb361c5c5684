;; scenic's SIMD pixel kernels (WebAssembly 128-bit SIMD). Compiled by scripts/build-wasm.mjs, with compose's
;; kernels from compose.wat spliced in, into pixels-wasm.ts; src/image/simd/pixels.ts loads them and keeps the rows they work on in this memory.
;; Each has a plain-TypeScript twin that gives the same pixels (to ±1 code value where float rounding differs),
;; used where WebAssembly SIMD is missing.
(module
  (memory (export "memory") 1)

  ;; add_luma: n RGBA pixels at $px each get their delta (f32 at $delta, one per pixel) added to R, G and B,
  ;; rounded half to even and clamped to 0..255; alpha untouched. In place. Four pixels a step: n must be a
  ;; multiple of 4 (the caller does the rest).
  (func (export "add_luma") (param $px i32) (param $delta i32) (param $n i32)
    (local $end i32) (local $d v128) (local $v v128) (local $lo v128) (local $hi v128)
    (local.set $end (i32.add (local.get $px) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $px) (local.get $end)))
        (local.set $d (v128.load (local.get $delta)))
        (local.set $v (v128.load (local.get $px)))
        (local.set $lo (i16x8.extend_low_i8x16_u (local.get $v)))
        (local.set $hi (i16x8.extend_high_i8x16_u (local.get $v)))
        ;; Each pixel as f32x4 (R, G, B, A) plus (d, d, d, 0): the shuffles spread one delta over three lanes.
        (v128.store (local.get $px)
          (i8x16.narrow_i16x8_u
            (i16x8.narrow_i32x4_s
              (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.add (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $lo)))
                (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 16 17 18 19 (local.get $d) (v128.const i32x4 0 0 0 0)))))
              (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.add (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $lo)))
                (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 16 17 18 19 (local.get $d) (v128.const i32x4 0 0 0 0))))))
            (i16x8.narrow_i32x4_s
              (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.add (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $hi)))
                (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 16 17 18 19 (local.get $d) (v128.const i32x4 0 0 0 0)))))
              (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.add (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $hi)))
                (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 16 17 18 19 (local.get $d) (v128.const i32x4 0 0 0 0))))))))
        (local.set $px (i32.add (local.get $px) (i32.const 16)))
        (local.set $delta (i32.add (local.get $delta) (i32.const 16)))
        (br $next))))

  ;; seg_deltas: a row's per-pixel change (f32 at $out + 4x) = chip(x) · amplitude(x), both linear between
  ;; neighbouring cell centres. $nseg segments of 7 words (28 bytes) at $seg: first pixel, end pixel, the
  ;; chip-tile columns of the left and right cell, their mask columns (i32 each), and fx (f32: where the first
  ;; pixel lies between the two centres). The row's chip values (f32) at $chip, its mask values at $mask;
  ;; $step = 1 / cell width.
  (func (export "seg_deltas") (param $seg i32) (param $nseg i32) (param $chip i32) (param $mask i32) (param $step f32) (param $out i32)
    (local $s i32) (local $x i32) (local $end i32) (local $a0 f32) (local $da f32) (local $m0 f32) (local $dm f32)
    (local $c f32) (local $a f32) (local $fx f32) (local $o i32)
    (block $segs_done
      (loop $next_seg
        (br_if $segs_done (i32.ge_u (local.get $s) (local.get $nseg)))
        (local.set $x (i32.load (local.get $seg)))
        (local.set $end (i32.load offset=4 (local.get $seg)))
        (local.set $a0 (f32.load (i32.add (local.get $chip) (i32.shl (i32.load offset=8 (local.get $seg)) (i32.const 2)))))
        (local.set $da (f32.sub (f32.load (i32.add (local.get $chip) (i32.shl (i32.load offset=12 (local.get $seg)) (i32.const 2)))) (local.get $a0)))
        (local.set $m0 (f32.load (i32.add (local.get $mask) (i32.shl (i32.load offset=16 (local.get $seg)) (i32.const 2)))))
        (local.set $dm (f32.sub (f32.load (i32.add (local.get $mask) (i32.shl (i32.load offset=20 (local.get $seg)) (i32.const 2)))) (local.get $m0)))
        (local.set $fx (f32.load offset=24 (local.get $seg)))
        (local.set $c (f32.add (local.get $a0) (f32.mul (local.get $da) (local.get $fx))))
        (local.set $a (f32.add (local.get $m0) (f32.mul (local.get $dm) (local.get $fx))))
        (local.set $da (f32.mul (local.get $da) (local.get $step)))
        (local.set $dm (f32.mul (local.get $dm) (local.get $step)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $x) (i32.const 2))))
        (block $px_done
          (loop $next_px
            (br_if $px_done (i32.ge_u (local.get $x) (local.get $end)))
            (f32.store (local.get $o) (f32.mul (local.get $c) (local.get $a)))
            (local.set $c (f32.add (local.get $c) (local.get $da)))
            (local.set $a (f32.add (local.get $a) (local.get $dm)))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $next_px)))
        (local.set $seg (i32.add (local.get $seg) (i32.const 28)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $next_seg))))

  ;; cell_stats: luma statistics of one row for the watermark's texture mask. Every $step-th of $n RGBA pixels
  ;; at $px: luma = 0.299 R + 0.587 G + 0.114 B (f64), added to the f64 sums at $sum, $sumSq and $count at the
  ;; pixel's cell (i32 cell index per pixel at $columns). The same arithmetic in the same order as the
  ;; TypeScript loop: the same sums.
  (func (export "cell_stats") (param $px i32) (param $n i32) (param $step i32) (param $columns i32) (param $sum i32) (param $sumSq i32) (param $count i32)
    (local $x i32) (local $p i32) (local $c i32) (local $luma f64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $x) (local.get $n)))
        (local.set $p (i32.add (local.get $px) (i32.shl (local.get $x) (i32.const 2))))
        (local.set $luma
          (f64.add
            (f64.add
              (f64.mul (f64.const 0.299) (f64.convert_i32_u (i32.load8_u (local.get $p))))
              (f64.mul (f64.const 0.587) (f64.convert_i32_u (i32.load8_u offset=1 (local.get $p)))))
            (f64.mul (f64.const 0.114) (f64.convert_i32_u (i32.load8_u offset=2 (local.get $p))))))
        (local.set $c (i32.shl (i32.load (i32.add (local.get $columns) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 3)))
        (f64.store (i32.add (local.get $sum) (local.get $c)) (f64.add (f64.load (i32.add (local.get $sum) (local.get $c))) (local.get $luma)))
        (f64.store (i32.add (local.get $sumSq) (local.get $c)) (f64.add (f64.load (i32.add (local.get $sumSq) (local.get $c))) (f64.mul (local.get $luma) (local.get $luma))))
        (f64.store (i32.add (local.get $count) (local.get $c)) (f64.add (f64.load (i32.add (local.get $count) (local.get $c))) (f64.const 1)))
        (local.set $x (i32.add (local.get $x) (local.get $step)))
        (br $next))))

  ;; blend_rows: $n floats at $out = 0.75 × $a + 0.25 × $b (the vertical half of a 2× upsample). Four a step;
  ;; reads and writes up to 3 floats past $n.
  (func (export "blend_rows") (param $a i32) (param $b i32) (param $out i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out)
          (f32x4.add (f32x4.mul (v128.load (local.get $a)) (v128.const f32x4 0.75 0.75 0.75 0.75))
                     (f32x4.mul (v128.load (local.get $b)) (v128.const f32x4 0.25 0.25 0.25 0.25))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next))))

  ;; widen2x: one output row of the 2× upsample. $v holds $sw RGB pixels (f32, 12 bytes each) with one more
  ;; copied on each side (so $v - 12 and $v + 12·$sw are the edge pixels again). Output pixel 2x is
  ;; 0.75·v[x] + 0.25·v[x−1] and 2x+1 is 0.75·v[x] + 0.25·v[x+1], each plus its dither (f32 at
  ;; $noise + 4·((2x or 2x+1) & 63), already offset by ½), truncated and clamped to 0..255, alpha 255, RGBA at
  ;; $out. Two source pixels a step: $sw must be even.
  (func (export "widen2x") (param $v i32) (param $noise i32) (param $out i32) (param $sw i32)
    (local $x i32) (local $c v128) (local $c2 v128) (local $l v128) (local $r v128) (local $r2 v128) (local $k i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $x) (local.get $sw)))
        (local.set $k (i32.add (local.get $v) (i32.mul (local.get $x) (i32.const 12))))
        (local.set $c (f32x4.mul (v128.load (local.get $k)) (v128.const f32x4 0.75 0.75 0.75 0.75)))
        (local.set $c2 (f32x4.mul (v128.load offset=12 (local.get $k)) (v128.const f32x4 0.75 0.75 0.75 0.75)))
        (local.set $l (f32x4.mul (v128.load (i32.sub (local.get $k) (i32.const 12))) (v128.const f32x4 0.25 0.25 0.25 0.25)))
        (local.set $r (f32x4.mul (v128.load offset=12 (local.get $k)) (v128.const f32x4 0.25 0.25 0.25 0.25)))
        (local.set $r2 (f32x4.mul (v128.load offset=24 (local.get $k)) (v128.const f32x4 0.25 0.25 0.25 0.25)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $x) (i32.const 3)))
          (v128.or (v128.const i32x4 0xff000000 0xff000000 0xff000000 0xff000000)
            (i8x16.narrow_i16x8_u
              (i16x8.narrow_i32x4_s
                (i32x4.trunc_sat_f32x4_s (f32x4.add (f32x4.add (local.get $c) (local.get $l))
                  (f32x4.splat (f32.load (i32.add (local.get $noise) (i32.shl (i32.and (i32.shl (local.get $x) (i32.const 1)) (i32.const 63)) (i32.const 2)))))))
                (i32x4.trunc_sat_f32x4_s (f32x4.add (f32x4.add (local.get $c) (local.get $r))
                  (f32x4.splat (f32.load (i32.add (local.get $noise) (i32.shl (i32.and (i32.add (i32.shl (local.get $x) (i32.const 1)) (i32.const 1)) (i32.const 63)) (i32.const 2))))))))
              (i16x8.narrow_i32x4_s
                ;; Source pixel x + 1, whose left neighbour is x.
                (i32x4.trunc_sat_f32x4_s (f32x4.add (f32x4.add (local.get $c2) (f32x4.mul (v128.load (local.get $k)) (v128.const f32x4 0.25 0.25 0.25 0.25)))
                  (f32x4.splat (f32.load (i32.add (local.get $noise) (i32.shl (i32.and (i32.add (i32.shl (local.get $x) (i32.const 1)) (i32.const 2)) (i32.const 63)) (i32.const 2)))))))
                (i32x4.trunc_sat_f32x4_s (f32x4.add (f32x4.add (local.get $c2) (local.get $r2))
                  (f32x4.splat (f32.load (i32.add (local.get $noise) (i32.shl (i32.and (i32.add (i32.shl (local.get $x) (i32.const 1)) (i32.const 3)) (i32.const 63)) (i32.const 2)))))))))))
        (local.set $x (i32.add (local.get $x) (i32.const 2)))
        (br $next))))

  ;; luma_laplacian: the sharpening signal of an RGBA image of $w×$h pixels at $px, as i16 at $out (one per
  ;; pixel): 4·L(x, y) − L(x−1, y) − L(x+1, y) − L(x, y−1) − L(x, y+1) of L = R + 2G + B where the pixel is
  ;; opaque (alpha 255), else 0. Rows 1..h−2 are written, their first and last pixel as 0; rows 0 and h−1 are
  ;; not touched. Four pixels a step, the row's rest one at a time; exact integers (lumaLaplacian's twin).
  (func $luma1 (param $v i32) (result i32)
    (i32.add
      (i32.add (i32.and (local.get $v) (i32.const 255)) (i32.and (i32.shr_u (local.get $v) (i32.const 7)) (i32.const 510)))
      (i32.and (i32.shr_u (local.get $v) (i32.const 16)) (i32.const 255))))
  (func (export "luma_laplacian") (param $px i32) (param $out i32) (param $w i32) (param $h i32)
    (local $y i32) (local $x i32) (local $row i32) (local $stride i32) (local $p i32) (local $c v128) (local $ci i32)
    (local $vl v128) (local $vr v128) (local $vu v128) (local $vd v128) (local $m255 v128) (local $m510 v128)
    (local.set $stride (i32.shl (local.get $w) (i32.const 2)))
    (local.set $m255 (v128.const i32x4 255 255 255 255))
    (local.set $m510 (v128.const i32x4 510 510 510 510))
    (local.set $y (i32.const 1))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_s (local.get $y) (i32.sub (local.get $h) (i32.const 1))))
        (local.set $row (i32.mul (local.get $y) (local.get $w)))
        (i32.store16 (i32.add (local.get $out) (i32.shl (local.get $row) (i32.const 1))) (i32.const 0))
        (i32.store16 (i32.add (local.get $out) (i32.shl (i32.add (local.get $row) (i32.sub (local.get $w) (i32.const 1))) (i32.const 1))) (i32.const 0))
        (local.set $x (i32.const 1))
        (block $simd_done
          (loop $next4
            (br_if $simd_done (i32.gt_s (i32.add (local.get $x) (i32.const 4)) (i32.sub (local.get $w) (i32.const 1))))
            (local.set $p (i32.add (local.get $px) (i32.shl (i32.add (local.get $row) (local.get $x)) (i32.const 2))))
            (local.set $c (v128.load (local.get $p)))
            ;; The five neighbours' lumas, inline (a call per vector costs as much as the arithmetic).
            (local.set $vl (v128.load (i32.sub (local.get $p) (i32.const 4))))
            (local.set $vr (v128.load offset=4 (local.get $p)))
            (local.set $vu (v128.load (i32.sub (local.get $p) (local.get $stride))))
            (local.set $vd (v128.load (i32.add (local.get $p) (local.get $stride))))
            (v128.store64_lane 0 (i32.add (local.get $out) (i32.shl (i32.add (local.get $row) (local.get $x)) (i32.const 1)))
              (i16x8.narrow_i32x4_s
                (v128.and
                  (i32x4.sub
                    (i32x4.sub
                      (i32x4.sub (i32x4.shl (i32x4.add (i32x4.add (v128.and (local.get $c) (local.get $m255)) (v128.and (i32x4.shr_u (local.get $c) (i32.const 7)) (local.get $m510))) (v128.and (i32x4.shr_u (local.get $c) (i32.const 16)) (local.get $m255))) (i32.const 2)) (i32x4.add (i32x4.add (v128.and (local.get $vl) (local.get $m255)) (v128.and (i32x4.shr_u (local.get $vl) (i32.const 7)) (local.get $m510))) (v128.and (i32x4.shr_u (local.get $vl) (i32.const 16)) (local.get $m255))))
                      (i32x4.add (i32x4.add (i32x4.add (v128.and (local.get $vr) (local.get $m255)) (v128.and (i32x4.shr_u (local.get $vr) (i32.const 7)) (local.get $m510))) (v128.and (i32x4.shr_u (local.get $vr) (i32.const 16)) (local.get $m255))) (i32x4.add (i32x4.add (v128.and (local.get $vu) (local.get $m255)) (v128.and (i32x4.shr_u (local.get $vu) (i32.const 7)) (local.get $m510))) (v128.and (i32x4.shr_u (local.get $vu) (i32.const 16)) (local.get $m255)))))
                    (i32x4.add (i32x4.add (v128.and (local.get $vd) (local.get $m255)) (v128.and (i32x4.shr_u (local.get $vd) (i32.const 7)) (local.get $m510))) (v128.and (i32x4.shr_u (local.get $vd) (i32.const 16)) (local.get $m255))))
                  (i32x4.ge_u (local.get $c) (v128.const i32x4 0xff000000 0xff000000 0xff000000 0xff000000)))
                (v128.const i32x4 0 0 0 0)))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $next4)))
        (block $tail_done
          (loop $next1
            (br_if $tail_done (i32.ge_s (local.get $x) (i32.sub (local.get $w) (i32.const 1))))
            (local.set $p (i32.add (local.get $px) (i32.shl (i32.add (local.get $row) (local.get $x)) (i32.const 2))))
            (local.set $ci (i32.load (local.get $p)))
            (i32.store16 (i32.add (local.get $out) (i32.shl (i32.add (local.get $row) (local.get $x)) (i32.const 1)))
              (select
                (i32.sub
                  (i32.sub
                    (i32.sub (i32.shl (call $luma1 (local.get $ci)) (i32.const 2)) (call $luma1 (i32.load (i32.sub (local.get $p) (i32.const 4)))))
                    (i32.add (call $luma1 (i32.load offset=4 (local.get $p))) (call $luma1 (i32.load (i32.sub (local.get $p) (local.get $stride))))))
                  (call $luma1 (i32.load (i32.add (local.get $p) (local.get $stride)))))
                (i32.const 0)
                (i32.ge_u (local.get $ci) (i32.const 0xff000000))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $next1)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $next_row))))

  ;; box_blur: blur.ts `boxBlur` of one f32 plane (at $p, $width wide) in place, inside the rectangle
  ;; [$x0, $x1) × [$y0, $y1) (its sides taken as the edges): $passes times a running-sum box of radius $r along
  ;; each row, then down the columns, sums in f64 as the TypeScript loops keep them — the same values. Scratch:
  ;; $line (f32, a row), $copy (f32, the rectangle), $sums (f64, a row; 16-byte aligned).
  (func (export "box_blur") (param $p i32) (param $width i32) (param $x0 i32) (param $y0 i32) (param $x1 i32) (param $y1 i32)
    (param $r i32) (param $passes i32) (param $line i32) (param $copy i32) (param $sums i32)
    (local $n i32) (local $rows i32) (local $last i32) (local $norm f64) (local $sum f64) (local $i i32) (local $y i32)
    (local $start i32) (local $pass i32) (local $x i32) (local $row i32) (local $add i32) (local $sub i32) (local $o i32)
    (local $normv v128) (local $s v128)
    (local.set $n (i32.sub (local.get $x1) (local.get $x0)))
    (local.set $rows (i32.sub (local.get $y1) (local.get $y0)))
    (local.set $norm (f64.div (f64.const 1) (f64.convert_i32_s (i32.add (i32.shl (local.get $r) (i32.const 1)) (i32.const 1)))))
    (local.set $normv (f64x2.splat (local.get $norm)))
    (block $passes_done
      (loop $next_pass
        (br_if $passes_done (i32.ge_s (local.get $pass) (local.get $passes)))
        ;; Rows.
        (local.set $last (i32.sub (local.get $n) (i32.const 1)))
        (local.set $y (local.get $y0))
        (block $rows_done
          (loop $next_row
            (br_if $rows_done (i32.ge_s (local.get $y) (local.get $y1)))
            (local.set $start (i32.add (local.get $p) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $width)) (local.get $x0)) (i32.const 2))))
            (memory.copy (local.get $line) (local.get $start) (i32.shl (local.get $n) (i32.const 2)))
            (local.set $sum (f64.mul (f64.promote_f32 (f32.load (local.get $line))) (f64.convert_i32_s (i32.add (local.get $r) (i32.const 1)))))
            (local.set $i (i32.const 1))
            (block $pre_done
              (loop $pre
                (br_if $pre_done (i32.gt_s (local.get $i) (local.get $r)))
                (local.set $sum (f64.add (local.get $sum)
                  (f64.promote_f32 (f32.load (i32.add (local.get $line) (i32.shl (select (local.get $i) (local.get $last) (i32.lt_s (local.get $i) (local.get $last))) (i32.const 2)))))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $pre)))
            (local.set $i (i32.const 0))
            (block $px_done
              (loop $px
                (br_if $px_done (i32.ge_s (local.get $i) (local.get $n)))
                (f32.store (i32.add (local.get $start) (i32.shl (local.get $i) (i32.const 2))) (f32.demote_f64 (f64.mul (local.get $sum) (local.get $norm))))
                (local.set $add (i32.add (local.get $i) (i32.add (local.get $r) (i32.const 1))))
                (local.set $sub (i32.sub (local.get $i) (local.get $r)))
                (local.set $sum (f64.add (local.get $sum)
                  (f64.sub
                    (f64.promote_f32 (f32.load (i32.add (local.get $line) (i32.shl (select (local.get $add) (local.get $last) (i32.lt_s (local.get $add) (local.get $last))) (i32.const 2)))))
                    (f64.promote_f32 (f32.load (i32.add (local.get $line) (i32.shl (select (local.get $sub) (i32.const 0) (i32.gt_s (local.get $sub) (i32.const 0))) (i32.const 2))))))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $px)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br $next_row)))
        ;; Columns: the rectangle copied out, then running column sums move down it, two columns a step.
        (local.set $y (i32.const 0))
        (block $copy_done
          (loop $copy_row
            (br_if $copy_done (i32.ge_s (local.get $y) (local.get $rows)))
            (memory.copy (i32.add (local.get $copy) (i32.shl (i32.mul (local.get $y) (local.get $n)) (i32.const 2)))
              (i32.add (local.get $p) (i32.shl (i32.add (i32.mul (i32.add (local.get $y0) (local.get $y)) (local.get $width)) (local.get $x0)) (i32.const 2)))
              (i32.shl (local.get $n) (i32.const 2)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br $copy_row)))
        (local.set $last (i32.sub (local.get $rows) (i32.const 1)))
        (local.set $x (i32.const 0))
        (block $init_done
          (loop $init
            (br_if $init_done (i32.ge_s (local.get $x) (local.get $n)))
            (f64.store (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 3)))
              (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $copy) (i32.shl (local.get $x) (i32.const 2))))) (f64.convert_i32_s (i32.add (local.get $r) (i32.const 1)))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $init)))
        (local.set $i (i32.const 1))
        (block $pre_done
          (loop $pre
            (br_if $pre_done (i32.gt_s (local.get $i) (local.get $r)))
            (local.set $row (i32.add (local.get $copy) (i32.shl (i32.mul (select (local.get $i) (local.get $last) (i32.lt_s (local.get $i) (local.get $last))) (local.get $n)) (i32.const 2))))
            (local.set $x (i32.const 0))
            (block $add_done
              (loop $add_px
                (br_if $add_done (i32.ge_s (local.get $x) (local.get $n)))
                (local.set $o (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (local.get $x) (i32.const 2)))))))
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (br $add_px)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $pre)))
        (local.set $y (i32.const 0))
        (block $down_done
          (loop $down
            (br_if $down_done (i32.gt_s (local.get $y) (local.get $last)))
            (local.set $start (i32.add (local.get $p) (i32.shl (i32.add (i32.mul (i32.add (local.get $y0) (local.get $y)) (local.get $width)) (local.get $x0)) (i32.const 2))))
            (local.set $add (i32.add (local.get $y) (i32.add (local.get $r) (i32.const 1))))
            (local.set $add (i32.add (local.get $copy) (i32.shl (i32.mul (select (local.get $add) (local.get $last) (i32.lt_s (local.get $add) (local.get $last))) (local.get $n)) (i32.const 2))))
            (local.set $sub (i32.sub (local.get $y) (local.get $r)))
            (local.set $sub (i32.add (local.get $copy) (i32.shl (i32.mul (select (local.get $sub) (i32.const 0) (i32.gt_s (local.get $sub) (i32.const 0))) (local.get $n)) (i32.const 2))))
            (local.set $x (i32.const 0))
            (block $pairs_done
              (loop $pair
                (br_if $pairs_done (i32.gt_s (i32.add (local.get $x) (i32.const 2)) (local.get $n)))
                (local.set $o (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 3))))
                (local.set $s (v128.load (local.get $o)))
                (v128.store64_lane 0 (i32.add (local.get $start) (i32.shl (local.get $x) (i32.const 2)))
                  (f32x4.demote_f64x2_zero (f64x2.mul (local.get $s) (local.get $normv))))
                (v128.store (local.get $o)
                  (f64x2.add (local.get $s)
                    (f64x2.sub
                      (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $add) (i32.shl (local.get $x) (i32.const 2)))))
                      (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $sub) (i32.shl (local.get $x) (i32.const 2))))))))
                (local.set $x (i32.add (local.get $x) (i32.const 2)))
                (br $pair)))
            ;; An odd last column.
            (if (i32.lt_s (local.get $x) (local.get $n))
              (then
                (local.set $o (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 3))))
                (f32.store (i32.add (local.get $start) (i32.shl (local.get $x) (i32.const 2))) (f32.demote_f64 (f64.mul (f64.load (local.get $o)) (local.get $norm))))
                (f64.store (local.get $o)
                  (f64.add (f64.load (local.get $o))
                    (f64.sub
                      (f64.promote_f32 (f32.load (i32.add (local.get $add) (i32.shl (local.get $x) (i32.const 2)))))
                      (f64.promote_f32 (f32.load (i32.add (local.get $sub) (i32.shl (local.get $x) (i32.const 2))))))))))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br $down)))
        (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
        (br $next_pass))))

  ;; downsample_linear: blur.ts `downsampleLinear` of $height rows of an RGBA image $width wide at $px: each
  ;; $factor × $factor block (cut short at the right and bottom edges) averaged in linear light ($s2l: 256 f32)
  ;; over every $step-th pixel each way, into three f32 planes at $r, $g, $b (ceil(width / factor) a row). Sums
  ;; in f64 in the loop's order: the same floats.
  (func (export "downsample_linear") (param $px i32) (param $width i32) (param $height i32) (param $factor i32) (param $step i32)
    (param $s2l i32) (param $r i32) (param $g i32) (param $b i32)
    (local $lw i32) (local $ly i32) (local $lx i32) (local $y0 i32) (local $y1 i32) (local $x0 i32) (local $x1 i32) (local $y i32)
    (local $o i32) (local $end i32) (local $sr f64) (local $sg f64) (local $sb f64) (local $n i32) (local $j i32) (local $pstep i32)
    (local.set $lw (i32.div_u (i32.add (local.get $width) (i32.sub (local.get $factor) (i32.const 1))) (local.get $factor)))
    (local.set $pstep (i32.shl (local.get $step) (i32.const 2)))
    (block $rows_done
      (loop $next_row
        (local.set $y0 (i32.mul (local.get $ly) (local.get $factor)))
        (br_if $rows_done (i32.ge_u (local.get $y0) (local.get $height)))
        (local.set $y1 (select (local.get $height) (i32.add (local.get $y0) (local.get $factor)) (i32.gt_u (i32.add (local.get $y0) (local.get $factor)) (local.get $height))))
        (local.set $lx (i32.const 0))
        (block $blocks_done
          (loop $next_block
            (br_if $blocks_done (i32.ge_u (local.get $lx) (local.get $lw)))
            (local.set $x0 (i32.mul (local.get $lx) (local.get $factor)))
            (local.set $x1 (select (local.get $width) (i32.add (local.get $x0) (local.get $factor)) (i32.gt_u (i32.add (local.get $x0) (local.get $factor)) (local.get $width))))
            (local.set $sr (f64.const 0))
            (local.set $sg (f64.const 0))
            (local.set $sb (f64.const 0))
            (local.set $n (i32.const 0))
            (local.set $y (local.get $y0))
            (block $ys_done
              (loop $next_y
                (br_if $ys_done (i32.ge_u (local.get $y) (local.get $y1)))
                (local.set $o (i32.add (local.get $px) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $width)) (local.get $x0)) (i32.const 2))))
                (local.set $end (i32.add (local.get $px) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $width)) (local.get $x1)) (i32.const 2))))
                (block $xs_done
                  (loop $next_x
                    (br_if $xs_done (i32.ge_u (local.get $o) (local.get $end)))
                    (local.set $sr (f64.add (local.get $sr) (f64.promote_f32 (f32.load (i32.add (local.get $s2l) (i32.shl (i32.load8_u (local.get $o)) (i32.const 2)))))))
                    (local.set $sg (f64.add (local.get $sg) (f64.promote_f32 (f32.load (i32.add (local.get $s2l) (i32.shl (i32.load8_u offset=1 (local.get $o)) (i32.const 2)))))))
                    (local.set $sb (f64.add (local.get $sb) (f64.promote_f32 (f32.load (i32.add (local.get $s2l) (i32.shl (i32.load8_u offset=2 (local.get $o)) (i32.const 2)))))))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (local.set $o (i32.add (local.get $o) (local.get $pstep)))
                    (br $next_x)))
                (local.set $y (i32.add (local.get $y) (local.get $step)))
                (br $next_y)))
            (local.set $j (i32.shl (i32.add (i32.mul (local.get $ly) (local.get $lw)) (local.get $lx)) (i32.const 2)))
            (f32.store (i32.add (local.get $r) (local.get $j)) (f32.demote_f64 (f64.div (local.get $sr) (f64.convert_i32_u (local.get $n)))))
            (f32.store (i32.add (local.get $g) (local.get $j)) (f32.demote_f64 (f64.div (local.get $sg) (f64.convert_i32_u (local.get $n)))))
            (f32.store (i32.add (local.get $b) (local.get $j)) (f32.demote_f64 (f64.div (local.get $sb) (f64.convert_i32_u (local.get $n)))))
            (local.set $lx (i32.add (local.get $lx) (i32.const 1)))
            (br $next_block)))
        (local.set $ly (i32.add (local.get $ly) (i32.const 1)))
        (br $next_row))))

  ;; box_mean: box-filter.ts `boxMean`, the same floats: the mean over a (2r+1)² window clipped at the borders
  ;; of a $width × $height f32 plane at $src, into $out, through $tmp (f32, a plane); scratch $inv (f64, a row)
  ;; and $sums (f64, a row; both 16-byte aligned). Rows by running f64 sums (add the entering value, then take
  ;; the leaving one, as the loop does), times the column's reciprocal; columns two at a time in f64x2.
  (func (export "box_mean") (param $src i32) (param $tmp i32) (param $out i32) (param $width i32) (param $height i32) (param $r i32)
    (param $inv i32) (param $sums i32)
    (local $x i32) (local $y i32) (local $row i32) (local $sum f64) (local $firstX i32) (local $enter i32) (local $o i32)
    (local $lo i32) (local $hi i32) (local $iv f64) (local $ivv v128) (local $add i32) (local $sub i32) (local $v v128) (local $first i32)
    (local $last i32)
    ;; Each column's reciprocal of its window's width.
    (local.set $last (i32.sub (local.get $width) (i32.const 1)))
    (block $inv_done
      (loop $inv_next
        (br_if $inv_done (i32.ge_s (local.get $x) (local.get $width)))
        (f64.store (i32.add (local.get $inv) (i32.shl (local.get $x) (i32.const 3)))
          (f64.div (f64.const 1) (f64.convert_i32_s
            (i32.add (i32.sub
              (select (i32.add (local.get $x) (local.get $r)) (local.get $last) (i32.lt_s (i32.add (local.get $x) (local.get $r)) (local.get $last)))
              (select (i32.sub (local.get $x) (local.get $r)) (i32.const 0) (i32.gt_s (i32.sub (local.get $x) (local.get $r)) (i32.const 0))))
              (i32.const 1)))))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $inv_next)))
    (local.set $firstX (select (local.get $r) (local.get $last) (i32.lt_s (local.get $r) (local.get $last))))
    (local.set $enter (select (i32.sub (i32.sub (local.get $width) (local.get $r)) (i32.const 1)) (i32.const 0)
      (i32.gt_s (i32.sub (i32.sub (local.get $width) (local.get $r)) (i32.const 1)) (i32.const 0))))
    ;; Rows into $tmp.
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $y) (local.get $height)))
        (local.set $row (i32.shl (i32.mul (local.get $y) (local.get $width)) (i32.const 2)))
        (local.set $sum (f64.const 0))
        (local.set $x (i32.const 0))
        (block $init_done
          (loop $init
            (br_if $init_done (i32.gt_s (local.get $x) (local.get $firstX)))
            (local.set $sum (f64.add (local.get $sum) (f64.promote_f32 (f32.load (i32.add (i32.add (local.get $src) (local.get $row)) (i32.shl (local.get $x) (i32.const 2)))))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $init)))
        (local.set $x (i32.const 0))
        (block $px_done
          (loop $px
            (br_if $px_done (i32.ge_s (local.get $x) (local.get $width)))
            (local.set $o (i32.add (local.get $row) (i32.shl (local.get $x) (i32.const 2))))
            (f32.store (i32.add (local.get $tmp) (local.get $o))
              (f32.demote_f64 (f64.mul (local.get $sum) (f64.load (i32.add (local.get $inv) (i32.shl (local.get $x) (i32.const 3)))))))
            (if (i32.lt_s (local.get $x) (local.get $enter))
              (then (local.set $sum (f64.add (local.get $sum) (f64.promote_f32 (f32.load (i32.add (i32.add (local.get $src) (local.get $o)) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))))))
            (if (i32.ge_s (local.get $x) (local.get $r))
              (then (local.set $sum (f64.sub (local.get $sum) (f64.promote_f32 (f32.load (i32.sub (i32.add (local.get $src) (local.get $o)) (i32.shl (local.get $r) (i32.const 2)))))))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $px)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))
    ;; Columns: running f64 sums down the plane.
    (memory.fill (local.get $sums) (i32.const 0) (i32.shl (local.get $width) (i32.const 3)))
    (local.set $first (select (local.get $r) (i32.sub (local.get $height) (i32.const 1)) (i32.lt_s (local.get $r) (i32.sub (local.get $height) (i32.const 1)))))
    (local.set $y (i32.const 0))
    (block $pre_done
      (loop $pre
        (br_if $pre_done (i32.gt_s (local.get $y) (local.get $first)))
        (local.set $row (i32.add (local.get $tmp) (i32.shl (i32.mul (local.get $y) (local.get $width)) (i32.const 2))))
        (local.set $x (i32.const 0))
        (block $pre_px_done
          (loop $pre_px
            (br_if $pre_px_done (i32.ge_s (local.get $x) (local.get $width)))
            (local.set $o (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 3))))
            (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (local.get $x) (i32.const 2)))))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $pre_px)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $pre)))
    (local.set $y (i32.const 0))
    (block $down_done
      (loop $down
        (br_if $down_done (i32.ge_s (local.get $y) (local.get $height)))
        (local.set $lo (i32.sub (local.get $y) (local.get $r)))
        (local.set $hi (i32.add (local.get $y) (local.get $r)))
        (local.set $iv (f64.div (f64.const 1) (f64.convert_i32_s (i32.add (i32.sub
          (select (local.get $hi) (i32.sub (local.get $height) (i32.const 1)) (i32.lt_s (local.get $hi) (i32.sub (local.get $height) (i32.const 1))))
          (select (local.get $lo) (i32.const 0) (i32.gt_s (local.get $lo) (i32.const 0)))) (i32.const 1)))))
        (local.set $ivv (f64x2.splat (local.get $iv)))
        (local.set $row (i32.add (local.get $out) (i32.shl (i32.mul (local.get $y) (local.get $width)) (i32.const 2))))
        (local.set $add (i32.add (local.get $tmp) (i32.shl (i32.mul (i32.add (local.get $hi) (i32.const 1)) (local.get $width)) (i32.const 2))))
        (local.set $sub (i32.add (local.get $tmp) (i32.shl (i32.mul (local.get $lo) (local.get $width)) (i32.const 2))))
        (local.set $x (i32.const 0))
        (block $pairs_done
          (loop $pair
            (br_if $pairs_done (i32.gt_s (i32.add (local.get $x) (i32.const 2)) (local.get $width)))
            (local.set $o (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 3))))
            (local.set $v (v128.load (local.get $o)))
            (v128.store64_lane 0 (i32.add (local.get $row) (i32.shl (local.get $x) (i32.const 2))) (f32x4.demote_f64x2_zero (f64x2.mul (local.get $v) (local.get $ivv))))
            (if (i32.lt_s (i32.add (local.get $hi) (i32.const 1)) (local.get $height))
              (then (local.set $v (f64x2.add (local.get $v) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $add) (i32.shl (local.get $x) (i32.const 2)))))))))
            (if (i32.ge_s (local.get $lo) (i32.const 0))
              (then (local.set $v (f64x2.sub (local.get $v) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $sub) (i32.shl (local.get $x) (i32.const 2)))))))))
            (v128.store (local.get $o) (local.get $v))
            (local.set $x (i32.add (local.get $x) (i32.const 2)))
            (br $pair)))
        (if (i32.lt_s (local.get $x) (local.get $width))
          (then
            (local.set $o (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 3))))
            (f32.store (i32.add (local.get $row) (i32.shl (local.get $x) (i32.const 2))) (f32.demote_f64 (f64.mul (f64.load (local.get $o)) (local.get $iv))))
            (if (i32.lt_s (i32.add (local.get $hi) (i32.const 1)) (local.get $height))
              (then (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.promote_f32 (f32.load (i32.add (local.get $add) (i32.shl (local.get $x) (i32.const 2)))))))))
            (if (i32.ge_s (local.get $lo) (i32.const 0))
              (then (f64.store (local.get $o) (f64.sub (f64.load (local.get $o)) (f64.promote_f32 (f32.load (i32.add (local.get $sub) (i32.shl (local.get $x) (i32.const 2)))))))))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $down))))
)
