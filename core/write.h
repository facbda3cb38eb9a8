/* write.h: the writers' dispatch (gk_write and gk_write_views are declared in base.h,
 * the public face); each writer's own header names its entry points. */
#ifndef GK_WRITE_H
#define GK_WRITE_H

#include "base.h"

#endif
