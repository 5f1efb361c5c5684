;; compose's kernels (src/compose: the subject pass, the depth of field). No module of its own:
;; scripts/build-wasm.mjs compiles it into pixels.wat's module (same memory, same conventions; see there).

  ;; subject_row: one canvas row of compose's subject pass (draw-subject.ts `drawSubject`), $n pixels.
  ;; First the row's inputs: the texture offset (i32 at $noise, 1/4096 code values) = grain (the grain tile's row
  ;; i32 at $grain, from column $phase, wrapping by the mask $tile; $grain = 0: none) + the luma Laplacian (i16 at $lap; 0: none) × $sharpen;
  ;; and, when $top ≠ 0, the light-wrap share (f32 at $edge) = $strength · (1 − (t + (b − t) · $wy)) of the
  ;; blurred matte rows t, b (f32 at $top, $bottom), in f64 like the TypeScript loop. Then each layer pixel (RGBA
  ;; at $layer): clear ones are skipped; opaque ones with a share of at most 0.004 go through the harmonize
  ;; tables (R, G, B, 256 bytes each at $tables), get their offset (rounded, clamped) and are stored over the
  ;; canvas pixel (RGBA at $canvas, alpha 255); every other one is listed (its index, i32 at $slow) for the
  ;; caller's exact path. Returns how many were listed. Reads up to 16 bytes past each row.
  (func (export "subject_row") (param $layer i32) (param $canvas i32) (param $n i32) (param $tables i32)
    (param $grain i32) (param $phase i32) (param $tile i32) (param $lap i32) (param $sharpen i32) (param $noise i32)
    (param $top i32) (param $bottom i32) (param $wy f64) (param $strength f64) (param $edge i32) (param $slow i32)
    (result i32)
    (local $k i32) (local $p i32) (local $a i32) (local $t i32) (local $count i32) (local $o i32) (local $tb i32) (local $r i32) (local $w i32)
    (local $mt v128) (local $wyv v128) (local $sv v128) (local $one v128)
    ;; The texture offset.
    (if (local.get $grain)
      (then
        (loop $g
          (if (i32.lt_u (local.get $k) (local.get $n))
            (then
              (i32.store (i32.add (local.get $noise) (i32.shl (local.get $k) (i32.const 2)))
                (i32.load (i32.add (local.get $grain) (i32.shl (i32.and (i32.add (local.get $phase) (local.get $k)) (local.get $tile)) (i32.const 2)))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $g)))))
      (else (memory.fill (local.get $noise) (i32.const 0) (i32.shl (local.get $n) (i32.const 2)))))
    (if (local.get $lap)
      (then
        (local.set $sv (i32x4.splat (local.get $sharpen)))
        (local.set $k (i32.const 0))
        (loop $l
          (if (i32.lt_u (local.get $k) (local.get $n))
            (then
              (local.set $o (i32.add (local.get $noise) (i32.shl (local.get $k) (i32.const 2))))
              (v128.store (local.get $o)
                (i32x4.add (v128.load (local.get $o))
                  (i32x4.mul (v128.load16x4_s (i32.add (local.get $lap) (i32.shl (local.get $k) (i32.const 1)))) (local.get $sv))))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (br $l))))))
    ;; The light-wrap share, two pixels a step in f64.
    (if (local.get $top)
      (then
        (local.set $wyv (f64x2.splat (local.get $wy)))
        (local.set $sv (f64x2.splat (local.get $strength)))
        (local.set $one (f64x2.splat (f64.const 1)))
        (local.set $k (i32.const 0))
        (loop $e
          (if (i32.lt_u (local.get $k) (local.get $n))
            (then
              (local.set $o (i32.shl (local.get $k) (i32.const 2)))
              (local.set $mt (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $top) (local.get $o)))))
              (v128.store64_lane 0 (i32.add (local.get $edge) (local.get $o))
                (f32x4.demote_f64x2_zero
                  (f64x2.mul (local.get $sv)
                    (f64x2.sub (local.get $one)
                      (f64x2.add (local.get $mt)
                        (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $bottom) (local.get $o)))) (local.get $mt))
                          (local.get $wyv)))))))
              (local.set $k (i32.add (local.get $k) (i32.const 2)))
              (br $e))))))
    ;; The pixels.
    (local.set $k (i32.const 0))
    (local.set $tb (i32.add (local.get $tables) (i32.const 256)))
    (block $done
      (loop $px
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $o (i32.shl (local.get $k) (i32.const 2)))
        (local.set $p (i32.add (local.get $layer) (local.get $o)))
        (local.set $a (i32.load8_u offset=3 (local.get $p)))
        (if (local.get $a)
          (then
            (if (i32.and (i32.eq (local.get $a) (i32.const 255))
                  (i32.or (i32.eqz (local.get $top))
                    (f64.le (f64.promote_f32 (f32.load (i32.add (local.get $edge) (local.get $o)))) (f64.const 0.004))))
              (then
                (local.set $t (i32.add (i32.load (i32.add (local.get $noise) (local.get $o))) (i32.const 2048)))
                ;; Each channel: table, plus the offset, truncated, clamped to 0..255 (a shift and two selects).
                (local.set $r (i32.shr_s (i32.add (i32.shl (i32.load8_u (i32.add (local.get $tables) (i32.load8_u (local.get $p)))) (i32.const 12)) (local.get $t)) (i32.const 12)))
                (local.set $w (select (i32.const 0) (select (i32.const 255) (local.get $r) (i32.gt_s (local.get $r) (i32.const 255))) (i32.lt_s (local.get $r) (i32.const 0))))
                (local.set $r (i32.shr_s (i32.add (i32.shl (i32.load8_u (i32.add (local.get $tb) (i32.load8_u offset=1 (local.get $p)))) (i32.const 12)) (local.get $t)) (i32.const 12)))
                (local.set $w (i32.or (local.get $w) (i32.shl (select (i32.const 0) (select (i32.const 255) (local.get $r) (i32.gt_s (local.get $r) (i32.const 255))) (i32.lt_s (local.get $r) (i32.const 0))) (i32.const 8))))
                (local.set $r (i32.shr_s (i32.add (i32.shl (i32.load8_u offset=256 (i32.add (local.get $tb) (i32.load8_u offset=2 (local.get $p)))) (i32.const 12)) (local.get $t)) (i32.const 12)))
                (local.set $w (i32.or (local.get $w) (i32.shl (select (i32.const 0) (select (i32.const 255) (local.get $r) (i32.gt_s (local.get $r) (i32.const 255))) (i32.lt_s (local.get $r) (i32.const 0))) (i32.const 16))))
                (i32.store (i32.add (local.get $canvas) (local.get $o)) (i32.or (local.get $w) (i32.const 0xff000000))))
              (else
                (i32.store (i32.add (local.get $slow) (i32.shl (local.get $count) (i32.const 2))) (local.get $k))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $px)))
    (local.get $count))

  ;; subject_soft: the exact path of compose's subject pass (draw-subject.ts `softPixel`) for the $count pixels
  ;; `subject_row` listed (i32 indices at $slow) in the same row: soft-matte pixels and opaque ones under the light
  ;; wrap. Each goes through the tables and its texture offset like the fast path, into linear light ($s2l: 256
  ;; f32), takes $w = edge share × alpha of the wrapped light when $w > 0.004 and $light ≠ 0 (bilinear in the
  ;; three blurred planes at $light, $stride bytes apart, rows $top and $bottom — element offsets — $wy between
  ;; them, columns from the taps at $ti0, $ti1 (i32) and $tw (f32) per pixel of the row), and is stored: opaque
  ;; through the $toSrgb table (16384 steps), soft composited over the canvas pixel in linear light through the
  ;; $linSrgb table ($steps steps; the exact line near black). f64 throughout, rounding like Math.round: the
  ;; TypeScript loop's bytes.
  (func (export "subject_soft") (param $layer i32) (param $canvas i32) (param $tables i32) (param $noise i32) (param $edge i32)
    (param $slow i32) (param $count i32) (param $s2l i32) (param $toSrgb i32) (param $linSrgb i32) (param $steps f64)
    (param $ti0 i32) (param $ti1 i32) (param $tw i32) (param $light i32) (param $stride i32) (param $top i32) (param $bottom i32) (param $wy f64)
    (local $i i32) (local $k i32) (local $o i32) (local $p i32) (local $q i32) (local $a8 i32) (local $t i32) (local $c i32)
    (local $w f64) (local $a f64) (local $f f64) (local $wx f64) (local $x0 i32) (local $x1 i32) (local $pl i32) (local $va f64) (local $vb f64)
    (local $ba f64) (local $outA f64) (local $kb f64) (local $r i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $k (i32.load (i32.add (local.get $slow) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $o (i32.shl (local.get $k) (i32.const 2)))
        (local.set $p (i32.add (local.get $layer) (local.get $o)))
        (local.set $q (i32.add (local.get $canvas) (local.get $o)))
        (local.set $a8 (i32.load8_u offset=3 (local.get $p)))
        (local.set $t (i32.add (i32.load (i32.add (local.get $noise) (local.get $o))) (i32.const 2048)))
        (local.set $a (f64.div (f64.convert_i32_u (local.get $a8)) (f64.const 255)))
        (local.set $w (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $edge) (local.get $o)))) (local.get $a)))
        (if (local.get $light)
          (then
            (local.set $x0 (i32.shl (i32.load (i32.add (local.get $ti0) (local.get $o))) (i32.const 2)))
            (local.set $x1 (i32.shl (i32.load (i32.add (local.get $ti1) (local.get $o))) (i32.const 2)))
            (local.set $wx (f64.promote_f32 (f32.load (i32.add (local.get $tw) (local.get $o)))))))
        (local.set $ba (f64.div (f64.convert_i32_u (i32.load8_u offset=3 (local.get $q))) (f64.const 255)))
        (local.set $outA (f64.add (local.get $a) (f64.mul (local.get $ba) (f64.sub (f64.const 1) (local.get $a)))))
        (local.set $kb (f64.div (f64.mul (local.get $ba) (f64.sub (f64.const 1) (local.get $a))) (local.get $outA)))
        (local.set $c (i32.const 0))
        (loop $channel
          ;; Table and texture offset, as the fast path.
          (local.set $r (i32.shr_s (i32.add (i32.shl (i32.load8_u (i32.add (i32.add (local.get $tables) (i32.shl (local.get $c) (i32.const 8)))
            (i32.load8_u (i32.add (local.get $p) (local.get $c))))) (i32.const 12)) (local.get $t)) (i32.const 12)))
          (local.set $r (select (i32.const 0) (select (i32.const 255) (local.get $r) (i32.gt_s (local.get $r) (i32.const 255))) (i32.lt_s (local.get $r) (i32.const 0))))
          (local.set $f (f64.promote_f32 (f32.load (i32.add (local.get $s2l) (i32.shl (local.get $r) (i32.const 2))))))
          (if (i32.and (i32.ne (local.get $light) (i32.const 0)) (f64.gt (local.get $w) (f64.const 0.004)))
            (then
              (local.set $pl (i32.add (local.get $light) (i32.mul (local.get $c) (local.get $stride))))
              (local.set $va (f64.promote_f32 (f32.load (i32.add (i32.add (local.get $pl) (i32.shl (local.get $top) (i32.const 2))) (local.get $x0)))))
              (local.set $va (f64.add (local.get $va) (f64.mul (f64.sub (f64.promote_f32 (f32.load (i32.add (i32.add (local.get $pl) (i32.shl (local.get $top) (i32.const 2))) (local.get $x1)))) (local.get $va)) (local.get $wx))))
              (local.set $vb (f64.promote_f32 (f32.load (i32.add (i32.add (local.get $pl) (i32.shl (local.get $bottom) (i32.const 2))) (local.get $x0)))))
              (local.set $vb (f64.add (local.get $vb) (f64.mul (f64.sub (f64.promote_f32 (f32.load (i32.add (i32.add (local.get $pl) (i32.shl (local.get $bottom) (i32.const 2))) (local.get $x1)))) (local.get $vb)) (local.get $wx))))
              (local.set $f (f64.add (local.get $f) (f64.mul (f64.sub (f64.add (local.get $va) (f64.mul (f64.sub (local.get $vb) (local.get $va)) (local.get $wy))) (local.get $f)) (local.get $w))))))
          (if (i32.eq (local.get $a8) (i32.const 255))
            (then
              ;; toSrgb8: the 16384-step table, index truncated from f·16384 + ½.
              (i32.store8 (i32.add (local.get $q) (local.get $c))
                (if (result i32) (f64.le (local.get $f) (f64.const 0))
                  (then (i32.const 0))
                  (else
                    (if (result i32) (f64.ge (local.get $f) (f64.const 1))
                      (then (i32.const 255))
                      (else (i32.load8_u (i32.add (local.get $toSrgb) (i32.trunc_f64_s (f64.add (f64.mul (local.get $f) (f64.const 16384)) (f64.const 0.5)))))))))))
            (else
              (i32.store8 (i32.add (local.get $q) (local.get $c))
                (call $linear8 (f64.add (f64.div (f64.mul (local.get $f) (local.get $a)) (local.get $outA))
                  (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $s2l) (i32.shl (i32.load8_u (i32.add (local.get $q) (local.get $c))) (i32.const 2))))) (local.get $kb)))
                  (local.get $linSrgb) (local.get $steps)))))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br_if $channel (i32.lt_u (local.get $c) (i32.const 3))))
        (i32.store8 offset=3 (local.get $q)
          (select (i32.const 255) (i32.trunc_f64_s (call $round (f64.mul (local.get $outA) (f64.const 255)))) (i32.eq (local.get $a8) (i32.const 255))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  ;; Math.round for x ≥ 0: the nearest integer, halves up.
  (func $round (param $x f64) (result f64)
    (local $f f64)
    (local.set $f (f64.floor (local.get $x)))
    (select (f64.add (local.get $f) (f64.const 1)) (local.get $f) (f64.ge (f64.sub (local.get $x) (local.get $f)) (f64.const 0.5))))
  ;; color.ts `linearToSrgb8`: linear light → 8-bit sRGB by the $steps-step table at $table, the exact line near black.
  (func $linear8 (param $v f64) (param $table i32) (param $steps f64) (result i32)
    (if (result i32) (i32.eqz (f64.gt (local.get $v) (f64.const 0)))
      (then (i32.const 0))
      (else
        (if (result i32) (f64.ge (local.get $v) (f64.const 1))
          (then (i32.const 255))
          (else
            (if (result i32) (f64.lt (local.get $v) (f64.const 0.002))
              (then (i32.trunc_f64_s (call $round (f64.mul (f64.mul (local.get $v) (f64.const 12.92)) (f64.const 255)))))
              (else (i32.load8_u (i32.add (local.get $table) (i32.trunc_f64_s (call $round (f64.mul (local.get $v) (local.get $steps)))))))))))))

  ;; widen_row: one low-resolution row of 32-bit words (at $plane) widened to $n canvas pixels (at $out):
  ;; out[x] = plane[i0[x]]·(16 − w[x]) + plane[i1[x]]·w[x], wrapping (packed 16-bit lanes never carry), with the
  ;; taps as i32 at $i0, $i1, $w. As depth-of-field.ts `widen`.
  (func (export "widen_row") (param $plane i32) (param $out i32) (param $n i32) (param $i0 i32) (param $i1 i32) (param $w i32)
    (local $o i32) (local $end i32) (local $wx i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $wx (i32.load (i32.add (local.get $w) (local.get $o))))
        (i32.store (i32.add (local.get $out) (local.get $o))
          (i32.add
            (i32.mul (i32.load (i32.add (local.get $plane) (i32.shl (i32.load (i32.add (local.get $i0) (local.get $o))) (i32.const 2))))
              (i32.sub (i32.const 16) (local.get $wx)))
            (i32.mul (i32.load (i32.add (local.get $plane) (i32.shl (i32.load (i32.add (local.get $i1) (local.get $o))) (i32.const 2))))
              (local.get $wx))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $next))))

  ;; dof_blend: one canvas row of the depth-of-field blend (depth-of-field.ts `blendRow`), four pixels a step.
  ;; The blurred colour is the vertical lerp ($wy of 16 towards the bottom row) of two widened rows (red|blue
  ;; packed at $trb/$brb, green at $tg/$bg, ×16); it is blended over the canvas pixel (RGBA at $canvas) by the
  ;; pixel's weight (i32 0..256 at $mix): 0 leaves it, 256 replaces its colour, between mixes in ×65536 fixed
  ;; point, rounded. Alpha is kept. All integer: exactly the TypeScript loop's pixels. Reads and writes up to 3
  ;; pixels past $n.
  (func (export "dof_blend") (param $canvas i32) (param $n i32) (param $mix i32) (param $trb i32) (param $tg i32) (param $brb i32) (param $bg i32) (param $wy i32)
    (local $o i32) (local $end i32) (local $k v128) (local $keep v128) (local $word v128) (local $rb v128) (local $g v128)
    (local $wt v128) (local $wb v128) (local $full v128) (local $part v128) (local $half v128) (local $lo v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $wt (i32x4.splat (i32.sub (i32.const 16) (local.get $wy))))
    (local.set $wb (i32x4.splat (local.get $wy)))
    (local.set $half (i32x4.splat (i32.const 32768)))
    (local.set $lo (i32x4.splat (i32.const 255)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $k (v128.load (i32.add (local.get $mix) (local.get $o))))
        (if (v128.any_true (local.get $k))
          (then
            (local.set $word (v128.load (i32.add (local.get $canvas) (local.get $o))))
            (local.set $rb (i32x4.add (i32x4.mul (v128.load (i32.add (local.get $trb) (local.get $o))) (local.get $wt))
                                      (i32x4.mul (v128.load (i32.add (local.get $brb) (local.get $o))) (local.get $wb))))
            (local.set $g (i32x4.add (i32x4.mul (v128.load (i32.add (local.get $tg) (local.get $o))) (local.get $wt))
                                     (i32x4.mul (v128.load (i32.add (local.get $bg) (local.get $o))) (local.get $wb))))
            ;; Full weight: the rounded blur in place of the colour.
            (local.set $full
              (v128.or (v128.and (local.get $word) (v128.const i32x4 0xff000000 0xff000000 0xff000000 0xff000000))
                (v128.or
                  (v128.and (i32x4.shr_u (i32x4.add (local.get $rb) (v128.const i32x4 0x00800080 0x00800080 0x00800080 0x00800080)) (i32.const 8))
                    (v128.const i32x4 0x00ff00ff 0x00ff00ff 0x00ff00ff 0x00ff00ff))
                  (v128.and (i32x4.add (local.get $g) (v128.const i32x4 128 128 128 128)) (v128.const i32x4 0xff00 0xff00 0xff00 0xff00)))))
            ;; Partial: sharp·256·(256 − k) + blurred·k, per channel.
            (local.set $keep (i32x4.shl (i32x4.sub (v128.const i32x4 256 256 256 256) (local.get $k)) (i32.const 8)))
            (local.set $part
              (v128.or (v128.and (local.get $word) (v128.const i32x4 0xff000000 0xff000000 0xff000000 0xff000000))
                (v128.or
                  (i32x4.shr_s (i32x4.add (i32x4.add (i32x4.mul (v128.and (local.get $word) (local.get $lo)) (local.get $keep))
                                                     (i32x4.mul (v128.and (local.get $rb) (v128.const i32x4 0xffff 0xffff 0xffff 0xffff)) (local.get $k)))
                                          (local.get $half)) (i32.const 16))
                  (v128.or
                    (i32x4.shl
                      (i32x4.shr_s (i32x4.add (i32x4.add (i32x4.mul (v128.and (i32x4.shr_u (local.get $word) (i32.const 8)) (local.get $lo)) (local.get $keep))
                                                         (i32x4.mul (local.get $g) (local.get $k)))
                                              (local.get $half)) (i32.const 16))
                      (i32.const 8))
                    (i32x4.shl
                      (i32x4.shr_s (i32x4.add (i32x4.add (i32x4.mul (v128.and (i32x4.shr_u (local.get $word) (i32.const 16)) (local.get $lo)) (local.get $keep))
                                                         (i32x4.mul (i32x4.shr_u (local.get $rb) (i32.const 16)) (local.get $k)))
                                              (local.get $half)) (i32.const 16))
                      (i32.const 16))))))
            (v128.store (i32.add (local.get $canvas) (local.get $o))
              (v128.bitselect (local.get $word)
                (v128.bitselect (local.get $full) (local.get $part) (i32x4.eq (local.get $k) (v128.const i32x4 256 256 256 256)))
                (i32x4.eq (local.get $k) (v128.const i32x4 0 0 0 0))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  ;; pack_srgb: depth-of-field.ts's packing of the blurred planes: $n linear-light f32 values per plane at $pr,
  ;; $pg, $pb to sRGB code values by blur.ts `toSrgb8` (the 16384-step $table), red | blue << 16 as u32 at $rb,
  ;; green at $g.
  (func (export "pack_srgb") (param $pr i32) (param $pg i32) (param $pb i32) (param $n i32) (param $table i32) (param $rb i32) (param $g i32)
    (local $o i32) (local $end i32) (local $vr f64) (local $vg f64) (local $vb f64)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $vr (f64.promote_f32 (f32.load (i32.add (local.get $pr) (local.get $o)))))
        (local.set $vg (f64.promote_f32 (f32.load (i32.add (local.get $pg) (local.get $o)))))
        (local.set $vb (f64.promote_f32 (f32.load (i32.add (local.get $pb) (local.get $o)))))
        (i32.store (i32.add (local.get $rb) (local.get $o))
          (i32.or (if (result i32) (f64.le (local.get $vr) (f64.const 0))
              (then (i32.const 0))
              (else (if (result i32) (f64.ge (local.get $vr) (f64.const 1))
                (then (i32.const 255))
                (else (i32.load8_u (i32.add (local.get $table) (i32.trunc_f64_s (f64.add (f64.mul (local.get $vr) (f64.const 16384)) (f64.const 0.5)))))))))
            (i32.shl (if (result i32) (f64.le (local.get $vb) (f64.const 0))
              (then (i32.const 0))
              (else (if (result i32) (f64.ge (local.get $vb) (f64.const 1))
                (then (i32.const 255))
                (else (i32.load8_u (i32.add (local.get $table) (i32.trunc_f64_s (f64.add (f64.mul (local.get $vb) (f64.const 16384)) (f64.const 0.5))))))))) (i32.const 16))))
        (i32.store (i32.add (local.get $g) (local.get $o)) (if (result i32) (f64.le (local.get $vg) (f64.const 0))
              (then (i32.const 0))
              (else (if (result i32) (f64.ge (local.get $vg) (f64.const 1))
                (then (i32.const 255))
                (else (i32.load8_u (i32.add (local.get $table) (i32.trunc_f64_s (f64.add (f64.mul (local.get $vg) (f64.const 16384)) (f64.const 0.5))))))))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $next))))

  ;; dof_mix: depth-of-field.ts `mixRow`: the blend weight of $n canvas pixels (i32 at $out) from the depth row at
  ;; $depth (f32, read at column cols[x], i32 at $cols): k = trunc(depth·$scale − $offset) in f64, 0 where k ≤ 5,
  ;; else min(k, 256). Returns 1 when some pixel of the row gets a weight, else 0.
  (func (export "dof_mix") (param $depth i32) (param $cols i32) (param $n i32) (param $scale f64) (param $offset f64) (param $out i32) (result i32)
    (local $o i32) (local $end i32) (local $k i32) (local $any i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $k (i32.trunc_sat_f64_s (f64.sub (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $depth)
          (i32.shl (i32.load (i32.add (local.get $cols) (local.get $o))) (i32.const 2))))) (local.get $scale)) (local.get $offset))))
        (if (i32.le_s (local.get $k) (i32.const 5))
          (then (i32.store (i32.add (local.get $out) (local.get $o)) (i32.const 0)))
          (else
            (i32.store (i32.add (local.get $out) (local.get $o)) (select (i32.const 256) (local.get $k) (i32.gt_s (local.get $k) (i32.const 256))))
            (local.set $any (i32.const 1))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $next)))
    (local.get $any))
