#!/bin/sh
# scriptwrap.sh: regenerates the script-data and div-grid fixtures of testdata/html
# from the plain-HTML fixtures they re-dress (tests/gen/scriptwrap.py). Run by hand
# from the source root; then `build/tests/golden --update html` for the derived layers.
set -eu
g="python3 tests/gen/scriptwrap.py"
d=testdata/html
$g var            $d/001-template-utf8.html  $d/script-var-001.html
$g concat         $d/005-nbsp-blanks.html    $d/script-concat-005.html
$g next --ascii   $d/001-template-utf8.html  $d/script-next-ascii-001.html
$g next           $d/007-template-2019.html  $d/script-next-utf8-007.html
$g state          $d/002-template-gbk.html   $d/script-state-002.html
$g vargbk         $d/002-template-gbk.html   $d/script-vargbk-002.html
$g state --ascii  $d/006-br-labels.html      $d/script-state-ascii-006.html
$g two            $d/004-split-tables.html   $d/001-template-utf8.html $d/script-two-reports-004.html
$g decoy          $d/006-br-labels.html      $d/008-corrupt-total.html $d/script-decoy-006.html
$g divrole        $d/005-nbsp-blanks.html    $d/divgrid-role-005.html
$g divcss         $d/005-nbsp-blanks.html    $d/divgrid-css-005.html
$g divcss         $d/001-template-utf8.html  $d/divgrid-css-001.html
$g decoyonly      $d/006-br-labels.html      $d/008-corrupt-total.html $d/script-decoy-only-006.html
$g divgrid        $d/005-nbsp-blanks.html    $d/divgrid-grid-005.html
$g divgrid        $d/001-template-utf8.html  $d/divgrid-grid-001.html
