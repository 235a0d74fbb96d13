"""`supportal/courses`: self-paced courses with graded quizzes, built from course.yml + banks."""
