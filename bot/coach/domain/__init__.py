"""Pure rules of a coaching engagement: roles and visibility, stages, schedule maths, intake questions."""
