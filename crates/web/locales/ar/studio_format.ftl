# Studio: new capsule, list columns and filters; sizes and measures in sentences;
# assigning the same work twice.

fmt-upload-hint = حتى { $size }. يُستأنف الرفع من حيث توقف إذا انقطع الاتصال.
fmt-master-export = تحضير نسخة البث ({ $loudness })
fmt-download-size = تنزيل الفيديو ({ $size })

studio-new-capsule = كبسولة جديدة
studio-filter-level = المستوى
studio-filter-subject = المادة
studio-col-level = المستوى
studio-col-subject = المادة
studio-col-lesson = الدرس
studio-choose-intro = اختر المستوى، ثم المادة، ثم درس الكبسولة.
studio-choose-level = المستوى أو الشعبة
studio-choose-subject = المادة
studio-choose-lesson = الدرس (حسب الوحدة)
studio-choose-no-subjects = لا توجد أي وحدة في هذا المستوى بعد. أضفها من المنهاج:
studio-choose-no-lessons = لا يوجد أي درس لهذه المادة في هذا المستوى بعد.
studio-choose-next = متابعة
studio-choose-open = إنشاء كبسولة لهذا الدرس
studio-unknown-level = اختر مستوى من القائمة.
studio-unknown-subject = لا توجد وحدات لهذه المادة في هذا المستوى: اختر مادة من القائمة.
studio-unknown-lesson = هذا الدرس غير موجود (أو لم يعد موجودا): اختره أدناه.

class-done-already-assigned = هذا العمل مسند من قبل لهؤلاء التلاميذ ولم ينته أجله بعد. انتظر تاريخ التسليم، أو اختر تلاميذ آخرين.
err-already-assigned = مسند من قبل لهذا القسم: انتظر تاريخ التسليم قبل إسناده مرة أخرى.
